/**
 * `@auth/configapi/descriptor`: ConfigAPI described for generic tools (the `auth-token` CLI).
 * Loads no runtime code: the factory is imported when a command needs it.
 */
import type { ProviderDescriptor } from "@auth/core";

/** The host of a URL, or "" (the account name only; the factory validates the URL). */
function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : "";
  } catch {
    return "";
  }
}

export const descriptor: ProviderDescriptor = {
  name: "configapi",
  title: "ConfigAPI",
  summary: "OAuth 2 client credentials; client_id, client_secret and scope in the form body.",
  login: "check",
  settings: [
    {
      name: "baseUrl",
      flag: "base-url",
      env: "CONFIGAPI_BASE_URL",
      required: true,
      option: "baseUrl",
      description: "service URL, e.g. https://example.com (token endpoint POST {url}/configapi/v2/oauth/token)",
    },
    { name: "clientId", flag: "client-id", env: "CONFIGAPI_CLIENT_ID", required: true, option: "clientId", description: "the user's login ID" },
    {
      name: "clientSecret",
      flag: "client-secret",
      env: "CONFIGAPI_CLIENT_SECRET",
      secret: true,
      primarySecret: true,
      required: true,
      option: "clientSecret",
      description: "the user's API secret",
    },
    { name: "scope", flag: "scope", env: "CONFIGAPI_SCOPE", option: "scope", description: "the tenant or host, e.g. example.com (default: the host of the base URL)" },
  ],
  account: (s) => s.clientId && `${s.clientId}@${s.scope ?? hostOf(s.baseUrl)}`,
  async create(s, { store, logger }) {
    const { createConfigApiAuth } = await import("./index.js");
    const auth = createConfigApiAuth({
      baseUrl: s.baseUrl!,
      clientId: s.clientId!,
      clientSecret: s.clientSecret!,
      ...(s.scope ? { scope: s.scope } : {}),
      store,
      logger,
    });
    return { baseUrl: s.baseUrl!, getToken: (o) => auth.getToken(o), fetch: auth.fetch };
  },
};
