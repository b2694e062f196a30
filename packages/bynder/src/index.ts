/**
 * `@auth/bynder`: Bynder OAuth 1.0a (docs/providers.md#bynder) — HMAC-SHA1 signed requests with a
 * permanent token or a 30-day temporary token from the three-legged handshake. No `node:`
 * imports here (signing works in browsers and edge runtimes); `@auth/bynder/node` adds
 * `login()` with a loopback callback and the browser.
 */
export {
  ACCESS_TOKEN_LIFETIME_MS,
  type BynderAuth,
  type BynderAuthOptions,
  createBynderAuth,
  DEFAULT_EXPIRY_WARNING_MS,
  type KeyPair,
  REQUEST_TOKEN_LIFETIME_MS,
  type RequestToken,
  type TokenOption,
} from "./bynder-auth.js";
export { TokenExpiredError, UnauthorizedError, type UnauthorizedPhase } from "./errors.js";
export { type HmacImplementation, OAuth1Signer, type SignableRequest, type SignatureDetails, type SignerOptions, type TokenCredentials } from "./signer.js";
export type { AccessToken, TokenStore } from "@auth/core";
