import { type AccessToken, ConfigurationError, deserializeToken, serializeToken } from "@auth/core";

/**
 * How a token is written to Redis: `<fingerprint>.<kind>.<data>`.
 * - fingerprint: 32 hex chars identifying the access token without revealing it, so the
 *   delete-by-value script can compare inside Redis even when the value is encrypted
 *   (HMAC-SHA-256 under a key derived from the encryption key; SHA-256 when unencrypted);
 * - kind `p`: `data` is the JSON from core's `serializeToken`;
 * - kind `e`: `data` is base64(iv || AES-256-GCM ciphertext and tag) of that JSON, with the
 *   Redis key as additional data, so a value copied under another key does not decrypt.
 */
export interface TokenCodec {
  readonly encrypted: boolean;
  fingerprint(accessToken: string): Promise<string>;
  encode(redisKey: string, token: AccessToken): Promise<string>;
  /** The token, `undefined` for a value that is not one, or throws {@link UndecryptableError}. */
  decode(redisKey: string, value: string): Promise<AccessToken | undefined>;
}

/** A stored value that does not decrypt: wrong key, tampered, or written unencrypted. */
export class UndecryptableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UndecryptableError";
  }
}

/** Length of the fingerprint prefix, in characters. */
export const FINGERPRINT_LENGTH = 32;

const subtle = (): SubtleCrypto => {
  const c = globalThis.crypto?.subtle;
  if (!c) throw new ConfigurationError("WebCrypto (globalThis.crypto.subtle) is not available; encryption at rest needs Node >= 20 or a browser/edge runtime.");
  return c;
};
const utf8 = new TextEncoder();
const hex = (buf: ArrayBuffer): string => Buffer.from(buf).toString("hex").slice(0, FINGERPRINT_LENGTH);

/** Raw key bytes from a `Uint8Array` or a base64 string; 16, 24 or 32 bytes. */
export function encryptionKeyBytes(key: string | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (typeof key === "string") {
    const trimmed = key.trim();
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
      throw new ConfigurationError("The option \"encryptionKey\" is not base64.", { hint: "Generate one with `openssl rand -base64 32` and pass it as is." });
    }
    bytes = new Uint8Array(Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
  } else bytes = key;
  if (![16, 24, 32].includes(bytes.length)) {
    throw new ConfigurationError(`The option "encryptionKey" is ${bytes.length} bytes; AES-GCM needs 16, 24 or 32 (32 recommended).`, {
      hint: "Generate one with `openssl rand -base64 32`.",
    });
  }
  return bytes;
}

function decodeJson(data: string): AccessToken | undefined {
  try {
    return deserializeToken(JSON.parse(data));
  } catch {
    return undefined;
  }
}

function parts(value: string): { kind: string; data: string } | undefined {
  if (value.length < FINGERPRINT_LENGTH + 3 || value[FINGERPRINT_LENGTH] !== "." || value[FINGERPRINT_LENGTH + 2] !== ".") return undefined;
  return { kind: value[FINGERPRINT_LENGTH + 1] as string, data: value.slice(FINGERPRINT_LENGTH + 3) };
}

/** Values stored as JSON (no encryption at rest). */
export function plainCodec(): TokenCodec {
  const fingerprint = async (accessToken: string) => hex(await subtle().digest("SHA-256", utf8.encode(accessToken)));
  return {
    encrypted: false,
    fingerprint,
    async encode(_redisKey, token) {
      return `${await fingerprint(token.accessToken)}.p.${JSON.stringify(serializeToken(token))}`;
    },
    async decode(_redisKey, value) {
      const p = parts(value);
      if (p?.kind === "e") throw new UndecryptableError("the stored token is encrypted and this store has no encryptionKey");
      return p?.kind === "p" ? decodeJson(p.data) : undefined;
    },
  };
}

/** Values encrypted with AES-GCM (WebCrypto), 96-bit random IV per write (NIST SP 800-38D §8.2.2). */
export function encryptingCodec(key: string | Uint8Array): TokenCodec {
  const raw = encryptionKeyBytes(key);
  // Separate keys for encryption and fingerprints (HKDF, RFC 5869), so neither use weakens the other.
  const keys = (async () => {
    const master = await subtle().importKey("raw", raw as Uint8Array<ArrayBuffer>, "HKDF", false, ["deriveKey"]);
    const hkdf = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: utf8.encode("@auth/redis"), info: utf8.encode(info) });
    const aes = await subtle().deriveKey(hkdf("token-encryption-v1"), master, { name: "AES-GCM", length: raw.length * 8 }, false, ["encrypt", "decrypt"]);
    const mac = await subtle().deriveKey(hkdf("token-fingerprint-v1"), master, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
    return { aes, mac };
  })();
  const fingerprint = async (accessToken: string) => hex(await subtle().sign("HMAC", (await keys).mac, utf8.encode(accessToken)));
  return {
    encrypted: true,
    fingerprint,
    async encode(redisKey, token) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const plain = utf8.encode(JSON.stringify(serializeToken(token)));
      const sealed = await subtle().encrypt({ name: "AES-GCM", iv, additionalData: utf8.encode(redisKey) }, (await keys).aes, plain);
      const out = new Uint8Array(iv.length + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), iv.length);
      return `${await fingerprint(token.accessToken)}.e.${Buffer.from(out).toString("base64")}`;
    },
    async decode(redisKey, value) {
      const p = parts(value);
      if (!p) return undefined;
      if (p.kind !== "e") throw new UndecryptableError("the stored token is not encrypted but this store has an encryptionKey");
      const bytes = Buffer.from(p.data, "base64");
      if (bytes.length < 12 + 16) throw new UndecryptableError("the stored value is too short to be an encrypted token");
      let plain: ArrayBuffer;
      try {
        plain = await subtle().decrypt(
          { name: "AES-GCM", iv: bytes.subarray(0, 12), additionalData: utf8.encode(redisKey) },
          (await keys).aes,
          bytes.subarray(12),
        );
      } catch {
        // Authentication failed: another key, or the value was modified. Never a crash.
        throw new UndecryptableError("the stored token does not decrypt (wrong encryptionKey, or the value was modified)");
      }
      return decodeJson(new TextDecoder().decode(plain));
    },
  };
}
