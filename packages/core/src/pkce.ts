import { sha256 } from "@noble/hashes/sha2.js";
import { base64Url } from "./base64.js";

/** A PKCE pair (RFC 7636 §4.1, §4.2): the secret verifier, kept by the client, and its S256 challenge, sent in the authorization URL. */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: "S256";
}

/**
 * PKCE S256, computed synchronously (SHA-256 by `@noble/hashes`), for code that builds an
 * authorization URL without awaiting, such as a provider's `authorizationUrl()`. Same result as
 * the async {@link createPkce}: a 43-character verifier from 32 crypto-random bytes (§4.1)
 * and `BASE64URL(SHA256(verifier))` (§4.2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.1 (native apps must use PKCE)
 */
export function createPkceSync(verifier: string = base64Url(crypto.getRandomValues(new Uint8Array(32)))): PkcePair {
  return { verifier, challenge: base64Url(sha256(new TextEncoder().encode(verifier))), method: "S256" };
}
