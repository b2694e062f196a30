/**
 * `@auth/bynder`: Bynder OAuth 1.0a (docs/providers.md#bynder) — HMAC-SHA1 signed requests with a
 * permanent token or a 30-day temporary token from the three-legged handshake. No `node:`
 * imports here (signing works in browsers and edge runtimes); `createBynderAuth` from
 * `@auth/bynder/node` adds a working `login()` (loopback callback and the browser).
 */

export type { AccessToken, TokenStore } from "@auth/core";
export { type BynderAuth, createBynderAuth } from "./bynder-auth.js";
export { TokenExpiredError, UnauthorizedError, type UnauthorizedPhase } from "./errors.js";
export type { BynderHandshake } from "./handshake.js";
export {
  ACCESS_TOKEN_LIFETIME_MS,
  type BynderAuthOptions,
  type BynderLoginOptions,
  DEFAULT_EXPIRY_WARNING_MS,
  type KeyPair,
  REQUEST_TOKEN_LIFETIME_MS,
  type TokenOption,
} from "./options.js";
export type { RequestToken } from "./request-token.js";
export { type HmacImplementation, OAuth1Signer, type SignableRequest, type SignatureDetails, type SignerOptions, type TokenCredentials } from "./signer.js";
