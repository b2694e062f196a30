import { require } from "../config.js";
import { normalizeBaseUrl, storeKey } from "../store.js";
import { CliError } from "../ui.js";
import { presentUrl } from "./browser.js";
import type { AdapterFactory } from "./types.js";

export const create: AdapterFactory = async ({ config, ui, store }) => {
  const v = config.values;
  const baseUrl = normalizeBaseUrl(require(config, "baseUrl"));
  const consumerKey = require(config, "consumerKey");
  const consumerSecret = require(config, "consumerSecret");
  if (!!v.tokenKey !== !!v.tokenSecret) {
    require(config, v.tokenKey ? "tokenSecret" : "tokenKey", "leave both unset to use the token stored by 'auth-token bynder login'");
  }
  const permanent = v.tokenKey && v.tokenSecret ? { key: v.tokenKey, secret: v.tokenSecret } : undefined;
  const account = consumerKey;
  const mod = await import("@auth/bynder/node");
  const auth = mod.createBynderAuth({
    baseUrl,
    consumer: { key: consumerKey, secret: consumerSecret },
    ...(permanent ? { token: permanent } : {}),
    store: store(storeKey("bynder", baseUrl, account)) as never,
    logger: { warn: (m: string) => ui.warn(m), info: () => {}, debug: () => {}, error: (m: string) => ui.warn(m) } as never,
  });
  return {
    baseUrl,
    account,
    async getToken() {
      const t = await auth.getToken();
      if (!t) {
        throw new CliError("Bynder: no token. Bynder tokens come from the portal (permanent) or from a login (30 days).", {
          hint: "Set BYNDER_TOKEN_KEY and BYNDER_TOKEN_SECRET (or _FILE) to a permanent token, or run 'auth-token bynder login'.",
        });
      }
      return t;
    },
    fetch: auth.fetch,
    async login(o) {
      if (permanent) ui.warn("BYNDER_TOKEN_KEY/--token-key is set: requests keep using that permanent token; unset it to use the token from this login.");
      let stop: ((final?: string) => void) | undefined;
      try {
        return await mod.login(auth, {
          timeoutMs: o.timeoutMs,
          ...(o.port === undefined ? {} : { port: o.port }),
          openBrowser: async (url: string) => {
            await presentUrl(ui, url, o.openBrowser, "log in to Bynder and approve the request token");
            stop = ui.spinner("Waiting for the browser to come back to the loopback callback", Date.now() + o.timeoutMs);
          },
        });
      } finally {
        stop?.();
      }
    },
  };
};
