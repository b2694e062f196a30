/**
 * Nonces for RFC 5849 §3.3: unique per timestamp, so crypto-random (oauth-1.0a's own uses
 * Math.random, which is predictable). 128 bits, as 32 hex digits (unreserved characters, so
 * no encoding surprises in a header or base string).
 *
 * `crypto.getRandomValues` costs microseconds per call whatever the size, so random bytes are
 * drawn 4 KiB at a time and each byte is used once.
 */
const POOL_BYTES = 4096;
const NONCE_BYTES = 16;
const pool = new Uint8Array(POOL_BYTES);
let offset = POOL_BYTES;
const HEX2: string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** A fresh 32-hex-digit nonce from the runtime's CSPRNG. */
export function createNonce(): string {
  if (offset + NONCE_BYTES > POOL_BYTES) {
    crypto.getRandomValues(pool);
    offset = 0;
  }
  let out = "";
  for (let i = offset, end = offset + NONCE_BYTES; i < end; i++) {
    out += HEX2[pool[i]!]!;
    pool[i] = 0; // used once, then forgotten
  }
  offset += NONCE_BYTES;
  return out;
}
