import { type BearerSettings, ConfigurationError, createTokenEndpointAuth, type ProviderAuth, requireBaseUrl, requireSecret, type Secret, storeKey } from "@auth/core";
import { type ApiKey, parseApiKeyProperties } from "./api-key.js";

/**
 * Settings shared by every way of giving the API key: the environment URL, plus core's
 * {@link BearerSettings} (`store`, `refreshWindow`, `timeout`, `retry`, `fetch`,
 * `allowInsecure`, `logger`, `clock`, `lockTtlMs`).
 */
export interface MetapackSettings extends BearerSettings {
  /** The environment URL, e.g. `https://dmo.metapack.com`; tokens come from `POST {baseUrl}/oauth`. */
  baseUrl: string;
}

/** The API key given directly, as `apiKeyId` / `apiKeySecret`. */
export interface MetapackApiKeyOptions extends MetapackSettings {
  apiKeyId: string;
  apiKeySecret: string | Secret;
  properties?: never;
  propertiesFile?: never;
}

/** The API key as the text of an `apiKey.properties` file. */
export interface MetapackPropertiesOptions extends MetapackSettings {
  properties: string;
  apiKeyId?: never;
  apiKeySecret?: never;
  propertiesFile?: never;
}

/** The API key as the path of an `apiKey.properties` file (read on Node only). */
export interface MetapackPropertiesFileOptions extends MetapackSettings {
  propertiesFile: string;
  apiKeyId?: never;
  apiKeySecret?: never;
  properties?: never;
}

export type MetapackAuthOptions = MetapackApiKeyOptions | MetapackPropertiesOptions | MetapackPropertiesFileOptions;

/**
 * Metapack bearer tokens (docs/providers.md#metapack): `POST {baseUrl}/oauth` with
 * `grant_type=client_credentials`, HTTP Basic of the raw `id:secret`, cached and renewed
 * by @auth/core. Returns the bearer shape: `getToken()`, `client()`, `fetch`, `authorize()`.
 *
 * On Node (the `node` export condition) it also reads an `apiKey.properties` file
 * (`propertiesFile`); the runtime-neutral build (browsers, edge) takes options or `.properties` text.
 *
 * ```ts
 * const auth = createMetapackAuth({ baseUrl: "https://dmo.metapack.com", apiKeyId, apiKeySecret });
 * const api = auth.client({ prefix: "https://dmo.metapack.com/" });
 * ```
 */
export function createMetapackAuth(options: MetapackAuthOptions): ProviderAuth {
  return metapackAuth(options);
}

/** @internal The implementation; `readFile` is given by the Node entry only. */
export function metapackAuth(options: MetapackAuthOptions, readFile?: (path: string) => ApiKey): ProviderAuth {
  const baseUrl = requireBaseUrl(options.baseUrl, "baseUrl", options.allowInsecure);
  let key: ApiKey;
  let where: string;
  if (options.propertiesFile !== undefined) {
    if (!readFile) {
      throw new ConfigurationError('The option "propertiesFile" needs to read a file, which this runtime cannot do (the browser / edge build of @auth/metapack was loaded).', {
        hint: 'Pass the file\'s text as "properties", or the key as "apiKeyId" / "apiKeySecret". On Node, "@auth/metapack" reads files (a bundler targeting the browser picks this build).',
      });
    }
    key = readFile(options.propertiesFile);
    // Quoted only now that it was read: a path, not a text with the secret in it.
    where = `apiKey.id / apiKey.secret in "${options.propertiesFile}"`;
  } else if (options.properties !== undefined) {
    key = parseApiKeyProperties(options.properties, 'The "properties" option');
    where = 'apiKey.id / apiKey.secret in the "properties" option';
  } else {
    if (typeof options.apiKeyId !== "string" || options.apiKeyId === "") throw missing("apiKeyId");
    key = { apiKeyId: options.apiKeyId, apiKeySecret: requireSecret(options.apiKeySecret, "apiKeySecret", KEY_HINT) };
    where = 'the "apiKeyId" / "apiKeySecret" options';
  }
  // RFC 7617 §2: a user-id containing ":" cannot be carried by Basic.
  if (key.apiKeyId.includes(":")) throw new ConfigurationError("The API key id contains \":\", which HTTP Basic authentication cannot carry.", { hint: `Check ${where}.` });
  const untrimmed = /\s$/.test(key.apiKeySecret.reveal()) ? " The secret ends with whitespace, which .properties files keep: remove it if it is not part of the key." : "";
  const hint = `Metapack rejected the API key for ${baseUrl}: check ${where} — it must be the pair issued for this environment URL, not revoked.${untrimmed}`;
  return createTokenEndpointAuth(options, {
    key: storeKey({ provider: "metapack", baseUrl, account: key.apiKeyId }),
    url: `${baseUrl}/oauth`,
    // client().get("api/...") is {baseUrl}/api/...; an absolute URL is used as is.
    baseUrl,
    params: { grant_type: "client_credentials" },
    // The document's Basic example is base64("id:secret") with "$" and "+" left as is.
    clientAuth: { method: "basic", encoding: "raw", clientId: key.apiKeyId, clientSecret: key.apiKeySecret },
    // As documented (no charset parameter).
    headers: { "content-type": "application/x-www-form-urlencoded" },
    // The document's response has token_type "bearer"; core compares case-insensitively. Its
    // scope ("can-create-locations ... can-create-own-location-rules ") ends with a space:
    // core splits on runs of whitespace, so no empty scope (test/basic-property.test.ts).
    acceptTokenTypes: ["Bearer"],
    hints: { invalid_client: hint, "401": hint },
  });
}

const KEY_HINT = 'Pass apiKeyId and apiKeySecret (apiKey.id / apiKey.secret from apiKey.properties), or "properties" with the file\'s text.';

const missing = (name: string) => new ConfigurationError(`The option "${name}" is missing or empty.`, { hint: KEY_HINT });
