import { accountOf, require } from "../config.js";
import { normalizeBaseUrl, storeKey } from "../store.js";
import type { AdapterFactory } from "./types.js";

export const create: AdapterFactory = async ({ config, store }) => {
  const baseUrl = normalizeBaseUrl(require(config, "baseUrl"));
  const clientId = require(config, "clientId");
  const clientSecret = require(config, "clientSecret");
  const scope = config.values.scope;
  const account = accountOf(config)!;
  const { createConfigApiAuth } = await import("@auth/configapi");
  const auth = createConfigApiAuth({ baseUrl, clientId, clientSecret, ...(scope ? { scope } : {}), store: store(storeKey("configapi", baseUrl, account)) as never });
  return {
    baseUrl,
    account,
    getToken: (o) => auth.getToken(o),
    fetch: auth.fetch,
  };
};
