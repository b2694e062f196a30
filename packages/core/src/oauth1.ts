/**
 * `@auth/core/oauth1`: RFC 5849 (OAuth 1.0a) HMAC-SHA1 request signing for providers that
 * sign each request instead of sending a bearer token. A separate entry, so bearer-only
 * providers do not bundle it. No `node:` imports: node:crypto is used when the runtime has it,
 * else @noble/hashes, so signing works in browsers and edge runtimes too.
 *
 * ```ts
 * import type { Authorizer } from "@auth/core";
 * import { OAuth1Signer } from "@auth/core/oauth1";
 *
 * const signer = new OAuth1Signer({ consumerKey, consumerSecret });
 * const authorizer: Authorizer = {
 *   signsBody: true, // authFetch / createClient pass form bodies to authorize(), to be signed
 *   authorize: async (request) => ({ Authorization: signer.authorization(request, { key: tokenKey, secret: tokenSecret }) }),
 * };
 * ```
 */
export {
  hmacSigningKey,
  isFormContentType,
  type OAuth1Credentials,
  type OAuth1Request,
  type OAuth1Signature,
  OAuth1Signer,
  type OAuth1SignerOptions,
} from "./oauth1/signer.js";
export { baseString, type EncodedParam, encodeSearchParams, parseForm, type SigningTarget, signingTarget } from "./oauth1/base-string.js";
export { createHmacSha1, type HmacImplementation, type HmacSha1 } from "./oauth1/hmac-sha1.js";
export { createNonce } from "./oauth1/nonce.js";
export { percentEncode, reencodeFormComponent } from "./oauth1/percent-encode.js";
export { SignedOAuth1Request } from "./oauth1/signature.js";
