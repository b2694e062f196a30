import { ConfigurationError, Secret } from "@auth/core";
import { PropertiesSyntaxError, parseProperties } from "./properties.js";

/** A Metapack API key: the `apiKey.id` / `apiKey.secret` pair of an `apiKey.properties` file. */
export interface ApiKey {
  apiKeyId: string;
  /** Wrapped so it never prints; `apiKeySecret.reveal()` gives the value. */
  apiKeySecret: Secret;
}

const ID = "apiKey.id";
const SECRET = "apiKey.secret";

/**
 * Read an API key from `apiKey.properties` text (docs/providers.md#metapack:
 * `apiKey.id = ...`, `apiKey.secret = ...`), with Java `.properties` semantics.
 * `source` names where the text came from in errors (a file path); errors name the source
 * and the key, never a value.
 *
 * ```ts
 * const key = parseApiKeyProperties(process.env.METAPACK_API_KEY_PROPERTIES ?? "");
 * ```
 */
export function parseApiKeyProperties(text: string, source = "The apiKey.properties text"): ApiKey {
  let props: Map<string, string>;
  try {
    props = parseProperties(text);
  } catch (error) {
    if (!(error instanceof PropertiesSyntaxError)) throw error;
    throw new ConfigurationError(`${source} is not a valid .properties file: ${error.message}.`, {
      hint: "Write non-ASCII characters as \\u followed by exactly four hex digits, or copy the file Metapack provided again.",
    });
  }
  const read = (key: string): string => {
    const value = props.get(key);
    if (value === undefined || value === "") {
      throw new ConfigurationError(`${source} has ${value === undefined ? "no" : "an empty"} ${key}.`, {
        hint: `Add the line "${key} = ..." from the apiKey.properties file Metapack provided for this environment.`,
      });
    }
    return value;
  };
  return { apiKeyId: read(ID), apiKeySecret: new Secret(read(SECRET)) };
}
