/**
 * Synchronous HMAC-SHA1 (RFC 5849 §3.4.2) in every runtime. Signing a header is synchronous
 * (as OAuth 1.0a libraries' hash callbacks are) and WebCrypto is not, so: node:crypto when the
 * runtime has it (found through `process.getBuiltinModule`, Node >= 20.16 / 22.3, so this
 * entry has no `node:` import and bundles for browsers and edge runtimes), else
 * `@noble/hashes` (pure JS, audited).
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";

/** Signs base strings with one key, returning base64; made once per signing key (consumer secret & token secret). */
export type HmacSha1 = (message: string) => string;

/** Which implementation to use: `auto` (default) prefers node:crypto when present. */
export type HmacImplementation = "auto" | "node" | "noble";

interface NodeCrypto {
  createHmac(algorithm: string, key: string): { update(data: string, encoding: "utf8"): { digest(encoding: "base64"): string } };
}

function nodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}

const encoder = new TextEncoder();
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 with padding (the signature is base64 of the digest, RFC 5849 §3.4.2). */
export function base64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}

/**
 * An HMAC-SHA1 signer for `key`, returning base64. With noble, the keyed inner/outer state is
 * computed once here and cloned per message.
 */
export function createHmacSha1(key: string, implementation: HmacImplementation = "auto"): HmacSha1 {
  const node = implementation === "noble" ? undefined : nodeCrypto();
  if (node) return (message) => node.createHmac("sha1", key).update(message, "utf8").digest("base64");
  if (implementation === "node") throw new Error("node:crypto is not available in this runtime.");
  const keyed = hmac.create(sha1, encoder.encode(key));
  return (message) => base64(keyed.clone().update(encoder.encode(message)).digest());
}
