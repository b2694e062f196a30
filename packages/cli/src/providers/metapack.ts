import { type ResolvedConfig, require } from "../config.js";
import { normalizeBaseUrl, storeKey } from "../store.js";
import { CliError } from "../ui.js";
import type { AdapterFactory } from "./types.js";

function credentials(config: ResolvedConfig, load: (path: string) => { apiKeyId: string; apiKeySecret: unknown }) {
  const v = config.values;
  let id = config.sources.apiKeyId?.includes(" in ") ? undefined : v.apiKeyId;
  let secret: unknown = config.sources.apiKeySecret?.includes(" in ") ? undefined : v.apiKeySecret;
  if ((!id || !secret) && config.file) {
    // The provider's loader is the authority on the file (and names file + key in its errors).
    const key = load(config.file);
    id ||= key.apiKeyId;
    secret ||= key.apiKeySecret;
  }
  if (!id || !secret) {
    const missing = !id ? "API key id (METAPACK_API_KEY_ID)" : "API key secret (METAPACK_API_KEY_SECRET)";
    throw new CliError(`Metapack: missing ${missing}, and no apiKey.properties file was found.`, {
      hint: "Set METAPACK_PROPERTIES=/path/to/apiKey.properties (or --properties, or ./apiKey.properties), or set METAPACK_API_KEY_ID and METAPACK_API_KEY_SECRET (or _FILE, or --secret-stdin).",
    });
  }
  return { apiKeyId: id, apiKeySecret: secret };
}

export const create: AdapterFactory = async ({ config, store }) => {
  const baseUrl = normalizeBaseUrl(require(config, "baseUrl"));
  const mod = await import("@auth/metapack/node");
  const key = credentials(config, mod.loadApiKeyProperties as never);
  const account = key.apiKeyId;
  const auth = mod.createMetapackAuth({ baseUrl, apiKeyId: key.apiKeyId, apiKeySecret: key.apiKeySecret as string, store: store(storeKey("metapack", baseUrl, account)) as never });
  return {
    baseUrl,
    account,
    getToken: (o) => auth.getToken(o),
    fetch: auth.fetch,
  };
};
