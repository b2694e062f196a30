import { accountOf, require } from "../config.js";
import { normalizeBaseUrl, storeKey } from "../store.js";
import { CliError, UsageError } from "../ui.js";
import { presentUrl } from "./browser.js";
import type { AdapterFactory } from "./types.js";

const OOB = "urn:ietf:wg:oauth:2.0:oob";

function redirectUriOf(value: string | undefined, fromFile: string | undefined): string {
  if (!value) return fromFile ?? OOB;
  if (value === "oob") return OOB;
  if (value === "oob:auto") return `${OOB}:auto`;
  if (value === "localhost") return "http://localhost";
  return value;
}

export const create: AdapterFactory = async ({ config, ui, store }) => {
  const v = config.values;
  const baseUrl = normalizeBaseUrl(require(config, "baseUrl"));
  const mod = await import("@auth/imagen");
  const app = v.application ? await mod.loadImagenApplication(v.application) : undefined;
  const apiKey = config.sources.apiKey ? v.apiKey : (app?.apiKey ?? v.apiKey);
  if (!apiKey) {
    throw new CliError("Imagen: missing API key (IMAGEN_API_KEY).", {
      hint: "Set IMAGEN_APPLICATION to the application JSON file from ImagenWeb's Developer section, or set IMAGEN_API_KEY (or --api-key).",
    });
  }
  v.apiKey = apiKey;
  const account = accountOf(config)!;
  const apiSecret = config.sources.apiSecret ? v.apiSecret : (app?.apiSecret ?? v.apiSecret);
  const responseType = (v.responseType ?? "token") as "token" | "code";
  if (responseType !== "token" && responseType !== "code") throw new UsageError(`--response-type must be token or code (got '${v.responseType}').`);
  const scopes = v.scopes ? v.scopes.split(/[\s,]+/).filter(Boolean) : app?.scopes;
  const redirectUri = redirectUriOf(v.redirect, app?.redirectUri);
  const auth = mod.createImagenAuth({
    baseUrl,
    apiKey,
    ...(apiSecret ? { apiSecret } : {}),
    applicationType: app?.applicationType ?? "installed",
    redirectUri,
    responseType,
    ...(scopes?.length ? { scopes } : {}),
    ...(v.tokenEndpoint ? { tokenEndpoint: v.tokenEndpoint } : {}),
    store: store(storeKey("imagen", baseUrl, account)) as never,
  });
  const loopback = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i.test(redirectUri);
  return {
    baseUrl,
    account,
    async getToken(o) {
      try {
        return await auth.getToken(o);
      } catch (error) {
        if ((error as { code?: string }).code === "login_required") {
          Object.defineProperty(error, "hint", { value: "Run 'auth-token imagen login' (the implicit grant has no refresh token; the code flow with IMAGEN_API_SECRET does).", configurable: true });
        }
        throw error;
      }
    },
    fetch: auth.fetch,
    async login(o) {
      const what = `authorize the Imagen application (scopes: ${auth.scopes.join(" ")})`;
      if (loopback) {
        let stop: ((final?: string) => void) | undefined;
        try {
          return await auth.login({
            responseType,
            timeoutMs: o.timeoutMs,
            ...(o.port === undefined ? {} : { port: o.port }),
            openBrowser: async (url: string) => {
              await presentUrl(ui, url, o.openBrowser, what);
              stop = ui.spinner("Waiting for the browser to come back to the loopback listener", Date.now() + o.timeoutMs);
            },
          });
        } finally {
          stop?.();
        }
      }
      const { url, state } = auth.authorizationUrl({ responseType, redirectUri });
      await presentUrl(ui, url, o.openBrowser, what);
      const pasted = await ui.prompt(
        redirectUri.startsWith(OOB) ? `Paste the ${responseType === "code" ? "code" : "token"} the page shows (or the whole address): ` : "Paste the address the browser was sent to: ",
      );
      return await auth.completeAuthorization(pasted, { state, responseType, redirectUri });
    },
  };
};
