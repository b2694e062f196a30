/**
 * `@auth/metapack`: Metapack bearer tokens (OAuth 2 client credentials, HTTP Basic from an
 * `apiKey.properties` API key), cached and renewed by @auth/core. No `node:` imports here;
 * `@auth/metapack/node` adds reading `apiKey.properties` files.
 */
export { type ApiKey, parseApiKeyProperties } from "./api-key.js";
export {
  createMetapackAuth,
  type MetapackApiKeyOptions,
  type MetapackAuthOptions,
  type MetapackPropertiesFileOptions,
  type MetapackPropertiesOptions,
  type MetapackSettings,
} from "./metapack-auth.js";
export { PropertiesSyntaxError, parseProperties } from "./properties.js";
export type { BearerAuth } from "@auth/core";
