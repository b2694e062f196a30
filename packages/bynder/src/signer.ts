import {
  OAuth1Signer as CoreOAuth1Signer,
  type OAuth1Credentials,
  type OAuth1Request,
  type OAuth1Signature,
  type OAuth1SignerOptions,
} from "@auth/core/oauth1";
import OAuth from "oauth-1.0a";

export type { HmacImplementation } from "@auth/core/oauth1";
/** A token key and its secret (RFC 5849 §2.3, §3.4.2). */
export type TokenCredentials = OAuth1Credentials;
/** The request as it will be sent. */
export type SignableRequest = OAuth1Request;
/** What went into one signature, for debugging a 401 (secrets are not part of it). */
export type SignatureDetails = OAuth1Signature;
/** The options of `@auth/core/oauth1`'s signer, except the key derivation (oauth-1.0a's here). */
export type SignerOptions = Omit<OAuth1SignerOptions, "signingKey">;

/**
 * The signing key (RFC 5849 §3.4.2: `encode(consumer secret)&encode(token secret)`) from
 * oauth-1.0a, which gets it right, once per token. A throwaway instance: the consumer secret
 * is not kept on a long-lived object.
 */
function oauth10aSigningKey(consumerSecret: string, tokenSecret: string): string {
  return new OAuth({ consumer: { key: "", secret: consumerSecret }, signature_method: "HMAC-SHA1", hash_function: () => "" }).getSigningKey(tokenSecret);
}

/**
 * HMAC-SHA1 signer for Bynder's `Authorization: OAuth ...` headers: `@auth/core/oauth1`'s
 * RFC 5849 signer (base string, HMAC, header in the parameter order and `,` separator of the
 * Bynder document's examples), with the signing key derived by oauth-1.0a. The per-request
 * work is core's because oauth-1.0a's base string is wrong for real requests (README, "How
 * requests are signed").
 */
export class OAuth1Signer extends CoreOAuth1Signer {
  constructor(options: SignerOptions) {
    super({ ...options, signingKey: oauth10aSigningKey });
  }
}
