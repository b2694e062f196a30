import { OAuth1Signer as CoreOAuth1Signer, type OAuth1Credentials, type OAuth1Request, type OAuth1Signature, type OAuth1SignerOptions } from "@auth/core/oauth1";

export type { HmacImplementation } from "@auth/core/oauth1";
/** A token key and its secret (RFC 5849 §2.3, §3.4.2). */
export type TokenCredentials = OAuth1Credentials;
/** The request as it will be sent. */
export type SignableRequest = OAuth1Request;
/** What went into one signature, for debugging a 401 (secrets are not part of it). */
export type SignatureDetails = OAuth1Signature;
/** The options of `@auth/core/oauth1`'s signer. */
export type SignerOptions = OAuth1SignerOptions;

/**
 * HMAC-SHA1 signer for Bynder's `Authorization: OAuth ...` headers: `@auth/core/oauth1`'s
 * RFC 5849 signer, which signs through oauth-1.0a (the request normalised per §3.4.1 first),
 * with the header in the parameter order and `,` separator of the Bynder document's examples.
 */
export class OAuth1Signer extends CoreOAuth1Signer {}
