/**
 * `@auth/metapack`: Metapack bearer tokens (OAuth 2 client credentials, HTTP Basic from an
 * `apiKey.properties` API key), cached and renewed by @auth/core. The runtime-neutral entry
 * (the `default` export condition): no `node:` import anywhere in its graph. On Node the `node`
 * condition resolves `@auth/metapack` to node.ts, which adds reading `apiKey.properties` files.
 */

export type { BearerAuth, ProviderAuth } from "@auth/core";
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
