// What the auth-token CLI reads: settings, account, and a lazy factory (no runtime code here,
// so `auth-token --help` and a stored token stay fast).
/** @type {import("@auth/core").ProviderDescriptor} */
export const descriptor = {
  name: "example",
  title: "Example OAuth 2",
  summary: "OAuth 2 client credentials (HTTP Basic) against any RFC 6749 server; an in-house plugin.",
  login: "check",
  settings: [
    { name: "baseUrl", flag: "base-url", env: "EXAMPLE_BASE_URL", required: true, option: "baseUrl", description: "server URL (tokens from POST {url}/oauth/token)" },
    { name: "clientId", flag: "client-id", env: "EXAMPLE_CLIENT_ID", required: true, option: "clientId", description: "client id" },
    { name: "clientSecret", flag: "client-secret", env: "EXAMPLE_CLIENT_SECRET", secret: true, primarySecret: true, required: true, option: "clientSecret", description: "client secret" },
    { name: "scope", flag: "scope", env: "EXAMPLE_SCOPE", option: "scope", description: "scopes to ask for, space-separated" },
    { name: "revocationUrl", flag: "revocation-url", env: "EXAMPLE_REVOCATION_URL", option: "revocationUrl", description: "RFC 7009 revocation endpoint, if the server has one" },
  ],
  account: (s) => s.clientId,
  canRevoke: (s) => !!s.revocationUrl,
  async create(s, { store, logger }) {
    const { createExampleAuth } = await import("./index.mjs");
    const auth = createExampleAuth({ .../** @type {any} */ (s), store, logger });
    return { baseUrl: /** @type {string} */ (s.baseUrl), getToken: (o) => auth.getToken(o), fetch: auth.fetch, ...(auth.revoke ? { revoke: auth.revoke } : {}) };
  },
};
