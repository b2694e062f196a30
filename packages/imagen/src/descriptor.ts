/**
 * `@auth/imagen/descriptor`: Imagen described for generic tools (the `auth-token` CLI).
 * Loads no runtime code: the application-file parser and the factory are imported when needed.
 */
import type { ProviderDescriptor } from "@auth/core";

const OOB = "urn:ietf:wg:oauth:2.0:oob";

/** The CLI's short names for redirect URIs: `oob`, `oob:auto`, `localhost`. */
function redirectUriOf(value: string | undefined): string {
  if (!value || value === "oob") return OOB;
  if (value === "oob:auto") return `${OOB}:auto`;
  if (value === "localhost") return "http://localhost";
  return value;
}

export const descriptor: ProviderDescriptor = {
  name: "imagen",
  title: "Imagen",
  summary: "OAuth 2 implicit or authorization-code flow for an Imagen application; scopes.",
  login: "interactive",
  loginHelp: [
    "  --redirect oob|localhost|URI  oob: paste what the page shows; localhost: loopback listener",
    "  --response-type token|code    implicit (default) or authorization code",
    "  --no-browser             print the authorization URL instead of opening a browser",
    "  --port N                 loopback port (default: any free port)",
    "  --timeout SECONDS        how long to wait (default 300)",
  ].join("\n"),
  settings: [
    { name: "baseUrl", flag: "base-url", env: "IMAGEN_BASE_URL", required: true, option: "baseUrl", description: "Imagen URL, e.g. https://your_imagen_domain.com" },
    { name: "application", flag: "application", env: "IMAGEN_APPLICATION", description: "the application JSON file downloaded from the Developer section" },
    { name: "apiKey", flag: "api-key", env: "IMAGEN_API_KEY", required: true, option: "apiKey", description: "the application's API key (client_id)" },
    {
      name: "apiSecret",
      flag: "api-secret",
      env: "IMAGEN_API_SECRET",
      secret: true,
      primarySecret: true,
      option: "apiSecret",
      description: "the application's secret (code flow only)",
    },
    { name: "scopes", flag: "scopes", env: "IMAGEN_SCOPES", option: "scopes", description: 'space- or comma-separated scopes (default "readUsersData modifyUsersData")' },
    { name: "redirect", flag: "redirect", env: "IMAGEN_REDIRECT_URI", option: "redirectUri", description: "oob (default), localhost, or a redirect URI" },
    { name: "responseType", flag: "response-type", env: "IMAGEN_RESPONSE_TYPE", option: "responseType", description: "token (implicit, default) or code" },
    { name: "tokenEndpoint", flag: "token-endpoint", env: "IMAGEN_TOKEN_ENDPOINT", option: "tokenEndpoint", description: "token endpoint for the code flow (default {base}/oauth/token)" },
  ],
  files: [
    {
      setting: "application",
      description: "the application JSON: --application / IMAGEN_APPLICATION",
      gives: ["apiKey", "apiSecret", "scopes", "redirect"],
      async load(path) {
        const { loadImagenApplication } = await import("./application-file.js");
        const app = await loadImagenApplication(path);
        return {
          apiKey: app.apiKey,
          apiSecret: app.apiSecret?.reveal(),
          scopes: app.scopes?.join(" "),
          redirect: app.redirectUri,
          applicationType: app.applicationType,
        };
      },
    },
  ],
  account: (s) => s.apiKey,
  async create(s, context) {
    const { ConfigurationError } = await import("@auth/core");
    const { classifyRedirectUri, createImagenAuth } = await import("./node-entry.js");
    const responseType = s.responseType ?? "token";
    if (responseType !== "token" && responseType !== "code") {
      throw new ConfigurationError(`The response type must be token or code (got '${responseType}').`, { hint: "Set IMAGEN_RESPONSE_TYPE (or --response-type) to token or code." });
    }
    const scopes = s.scopes?.split(/[\s,]+/).filter(Boolean);
    const redirectUri = redirectUriOf(s.redirect);
    const applicationType = s.applicationType === "web" ? "web" : "installed";
    const auth = createImagenAuth({
      baseUrl: s.baseUrl!,
      apiKey: s.apiKey!,
      ...(s.apiSecret ? { apiSecret: s.apiSecret } : {}),
      applicationType,
      redirectUri,
      responseType,
      ...(scopes?.length ? { scopes } : {}),
      ...(s.tokenEndpoint ? { tokenEndpoint: s.tokenEndpoint } : {}),
      store: context.store,
      logger: context.logger,
    });
    const loopback = classifyRedirectUri(redirectUri, applicationType) === "loopback";
    return {
      baseUrl: s.baseUrl!,
      getToken: (o) => auth.getToken(o),
      fetch: auth.fetch,
      async login(o) {
        const what = `authorize the Imagen application (scopes: ${auth.scopes.join(" ")})`;
        if (loopback) {
          let stop: (() => void) | undefined;
          try {
            return await auth.login({
              responseType,
              timeoutMs: o.timeoutMs,
              ...(o.port === undefined ? {} : { port: o.port }),
              openBrowser: async (url: string) => {
                await context.presentUrl(url, what);
                stop = context.waiting("Waiting for the browser to come back to the loopback listener", Date.now() + o.timeoutMs);
              },
            });
          } finally {
            stop?.();
          }
        }
        const { url, state } = auth.authorizationUrl({ responseType, redirectUri });
        await context.presentUrl(url, what);
        const pasted = await context.prompt(
          redirectUri.startsWith(OOB) ? `Paste the ${responseType === "code" ? "code" : "token"} the page shows (or the whole address): ` : "Paste the address the browser was sent to: ",
        );
        return await auth.completeAuthorization(pasted, { state, responseType, redirectUri });
      },
    };
  },
};
