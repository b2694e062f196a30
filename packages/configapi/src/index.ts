/**
 * `@auth/configapi`: ConfigAPI access tokens (OAuth 2 client credentials with client_id,
 * client_secret and scope in the form body), cached and renewed by @auth/core.
 */

export type { BearerAuth, ProviderAuth } from "@auth/core";
export { type ConfigApiAuthOptions, createConfigApiAuth } from "./configapi-auth.js";
