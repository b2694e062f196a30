/**
 * `@auth/core/oauth1`: RFC 5849 (OAuth 1.0a) for providers that sign each request instead of
 * sending a bearer token: HMAC-SHA1 request signing (§3, through the oauth-1.0a library) and
 * the three-step handshake (§2: temporary credentials, authorization URL, token credentials). A separate entry, so bearer-only
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

export { type AuthorizationUrlOptions, authorizationUrl } from "./oauth1/authorization-url.js";
export { baseString, type EncodedParam, encodeSearchParams, parseForm, type SigningTarget, signingTarget } from "./oauth1/base-string.js";
export { type CredentialsRequest, type OAuth1EndpointOptions, requestCredentials } from "./oauth1/credentials-request.js";
export { type OAuth1CredentialsResponse, type ParseCredentialsOptions, parseCredentialsResponse } from "./oauth1/credentials-response.js";
export { createHmacSha1, type HmacImplementation, type HmacSha1 } from "./oauth1/hmac-sha1.js";
export { createNonce } from "./oauth1/nonce.js";
export { percentEncode, reencodeFormComponent } from "./oauth1/percent-encode.js";
export { SignedOAuth1Request } from "./oauth1/signature.js";
export {
  hmacSigningKey,
  isFormContentType,
  type OAuth1Credentials,
  type OAuth1Request,
  type OAuth1Signature,
  OAuth1Signer,
  type OAuth1SignerOptions,
} from "./oauth1/signer.js";
export { requestTemporaryCredentials, type TemporaryCredentials, type TemporaryCredentialsOptions } from "./oauth1/temporary-credentials.js";
export { requestTokenCredentials, type TokenCredentialsOptions } from "./oauth1/token-credentials.js";
