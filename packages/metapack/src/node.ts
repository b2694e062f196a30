/**
 * `@auth/metapack` on Node (the `node` export condition; `@auth/metapack/node` is an alias):
 * everything of the runtime-neutral entry, plus reading the `apiKey.properties` file Metapack
 * provides (docs/providers.md#metapack): `createMetapackAuth({ propertiesFile })` works here.
 */
import { readFileSync } from "node:fs";
import { ConfigurationError, type ProviderAuth } from "@auth/core";
import { type ApiKey, parseApiKeyProperties } from "./api-key.js";
import { type MetapackAuthOptions, metapackAuth } from "./metapack-auth.js";

export * from "./index.js";

// Text, not a path, when some line starts with an apiKey.id / apiKey.secret key.
const looksLikeText = (s: string) => /[\r\n]/.test(s) || /^[ \t\f]*apiKey\.(id|secret)([ \t\f=:]|$)/.test(s);

/**
 * Read an API key from an `apiKey.properties` file, or from its text: the argument is taken
 * as text when it contains a line break or starts with an `apiKey.id` / `apiKey.secret` key,
 * else as a path. The file is read as UTF-8, with Java `.properties` semantics.
 * An unreadable file, a missing key or an empty value is a `ConfigurationError` naming the
 * file and the key, never the secret.
 *
 * ```ts
 * const { apiKeyId, apiKeySecret } = loadApiKeyProperties("./apiKey.properties");
 * ```
 */
export function loadApiKeyProperties(pathOrText: string): ApiKey {
  return looksLikeText(pathOrText) ? parseApiKeyProperties(pathOrText) : readApiKeyFile(pathOrText);
}

// Always a path. Until the file is read the argument is not quoted, nor the fs error kept as the
// cause (its message and `path` name it): it may be the file's text, with the secret, passed where
// a path was expected. Once read, it names a real file, and messages may name it.
function readApiKeyFile(pathOrText: string): ApiKey {
  let text: string;
  try {
    text = readFileSync(pathOrText, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigurationError(`Cannot read the apiKey.properties file at the path given${code ? ` (${code})` : ""}; the path is not quoted here, as it may hold a secret.`, {
      hint: 'Check the "propertiesFile" path (relative paths start at the current directory) and that this process may read it. To pass the file\'s text, use the "properties" option instead.',
    });
  }
  return parseApiKeyProperties(text, `The apiKey.properties file "${pathOrText}"`);
}

/**
 * {@link createMetapackAuth} that also takes `propertiesFile`, the path of the
 * `apiKey.properties` file, read once, now (so a bad file fails here, not at the first request).
 *
 * ```ts
 * import { createMetapackAuth } from "@auth/metapack"; // on Node: this entry
 * const api = createMetapackAuth({ baseUrl: "https://dmo.metapack.com", propertiesFile: "apiKey.properties" }).client();
 * ```
 */
export function createMetapackAuth(options: MetapackAuthOptions): ProviderAuth {
  return metapackAuth(options, readApiKeyFile);
}
