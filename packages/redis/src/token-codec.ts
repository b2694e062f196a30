import { type AccessToken, ConfigurationError, deserializeToken, serializeToken } from "@auth/core";

/**
 * How a token is written to Redis: `<fingerprint>.<kind>.<data>`.
 * - fingerprint: 32 hex chars identifying the access token without revealing it, so the
 *   delete-by-value script can compare inside Redis even when the value is encrypted
 *   (HMAC-SHA-256 under a key derived from the encryption key; SHA-256 when unencrypted);
 * - kind `p`: `data` is the JSON from core's `serializeToken`;
 * - kind `k`: `data` is `<key id>.<base64(iv || AES-GCM ciphertext and tag)>` of that JSON,
 *   with the Redis key as additional data, so a value copied under another key does not
 *   decrypt. The key id (8 hex: the start of SHA-256 of the raw key, which cannot be turned back
 *   into the key) says which of several keys decrypts it, so keys can be rotated;
 * - kind `e` (written before key rotation existed): as `k` without the key id; every
 *   configured key is tried.
 */
export interface TokenCodec {
  readonly encrypted: boolean;
  /** The fingerprint this store writes for `accessToken`. */
  fingerprint(accessToken: string): Promise<string>;
  /** Every fingerprint a value for `accessToken` may start with (one per key during a rotation). */
  fingerprints(accessToken: string): Promise<string[]>;
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
    fingerprints: async (accessToken) => [await fingerprint(accessToken)],
    async encode(_redisKey, token) {
      return `${await fingerprint(token.accessToken)}.p.${JSON.stringify(serializeToken(token))}`;
    },
    async decode(_redisKey, value) {
      const p = parts(value);
      if (p?.kind === "e" || p?.kind === "k") throw new UndecryptableError("the stored token is encrypted and this store has no encryptionKey");
      return p?.kind === "p" ? decodeJson(p.data) : undefined;
    },
  };
}

/** The key id written beside a value: the first 8 hex of SHA-256 of the raw key (never the key). */
export async function keyId(key: string | Uint8Array): Promise<string> {
  const raw = encryptionKeyBytes(key);
  return Buffer.from(await subtle().digest("SHA-256", raw as Uint8Array<ArrayBuffer>)).toString("hex").slice(0, 8);
}

interface DerivedKey {
  id: string;
  aes: CryptoKey;
  mac: CryptoKey;
}

async function deriveKey(raw: Uint8Array): Promise<DerivedKey> {
  // Separate keys for encryption and fingerprints (HKDF, RFC 5869), so neither use weakens the other.
  const master = await subtle().importKey("raw", raw as Uint8Array<ArrayBuffer>, "HKDF", false, ["deriveKey"]);
  const hkdf = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: utf8.encode("@auth/redis"), info: utf8.encode(info) });
  const aes = await subtle().deriveKey(hkdf("token-encryption-v1"), master, { name: "AES-GCM", length: raw.length * 8 }, false, ["encrypt", "decrypt"]);
  const mac = await subtle().deriveKey(hkdf("token-fingerprint-v1"), master, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
  return { id: await keyId(raw), aes, mac };
}

/**
 * Values encrypted with AES-GCM (WebCrypto), 96-bit random IV per write (NIST SP 800-38D §8.2.2).
 * `keys[0]` encrypts; every key decrypts (found by the value's key id), so a fleet can rotate.
 */
export function encryptingCodec(keys: readonly (string | Uint8Array)[]): TokenCodec {
  if (keys.length === 0) throw new ConfigurationError('The option "encryptionKey" is an empty list.', { hint: "Pass one key, or [newKey, oldKey] while rotating." });
  const raws = keys.map(encryptionKeyBytes);
  const derived = Promise.all(raws.map(deriveKey)).then((all) => all.filter((k, i) => all.findIndex((o) => o.id === k.id) === i));
  const fingerprintWith = async (k: DerivedKey, accessToken: string) => hex(await subtle().sign("HMAC", k.mac, utf8.encode(accessToken)));
  const decryptWith = async (k: DerivedKey, redisKey: string, data: string): Promise<AccessToken | undefined> => {
    const bytes = Buffer.from(data, "base64");
    if (bytes.length < 12 + 16) throw new UndecryptableError("the stored value is too short to be an encrypted token");
    let plain: ArrayBuffer;
    try {
      plain = await subtle().decrypt({ name: "AES-GCM", iv: bytes.subarray(0, 12), additionalData: utf8.encode(redisKey) }, k.aes, bytes.subarray(12));
    } catch {
      // Authentication failed: another key, or the value was modified. Never a crash.
      throw new UndecryptableError("the stored token does not decrypt (wrong encryptionKey, or the value was modified)");
    }
    return decodeJson(new TextDecoder().decode(plain));
  };
  return {
    encrypted: true,
    fingerprint: async (accessToken) => fingerprintWith((await derived)[0] as DerivedKey, accessToken),
    fingerprints: async (accessToken) => Promise.all((await derived).map((k) => fingerprintWith(k, accessToken))),
    async encode(redisKey, token) {
      const k = (await derived)[0] as DerivedKey;
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const plain = utf8.encode(JSON.stringify(serializeToken(token)));
      const sealed = await subtle().encrypt({ name: "AES-GCM", iv, additionalData: utf8.encode(redisKey) }, k.aes, plain);
      const out = new Uint8Array(iv.length + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), iv.length);
      return `${await fingerprintWith(k, token.accessToken)}.k.${k.id}.${Buffer.from(out).toString("base64")}`;
    },
    async decode(redisKey, value) {
      const p = parts(value);
      if (!p) return undefined;
      const all = await derived;
      if (p.kind === "e") {
        // Written before key ids: try each key (newest first).
        for (const k of all.slice(0, -1)) {
          try {
            return await decryptWith(k, redisKey, p.data);
          } catch {}
        }
        return decryptWith(all[all.length - 1] as DerivedKey, redisKey, p.data);
      }
      if (p.kind !== "k") throw new UndecryptableError("the stored token is not encrypted but this store has an encryptionKey");
      const id = p.data.slice(0, 8);
      if (p.data[8] !== ".") return undefined;
      const k = all.find((c) => c.id === id);
      if (!k) throw new UndecryptableError(`the stored token is encrypted under a key this store does not have (key id ${id})`);
      return decryptWith(k, redisKey, p.data.slice(9));
    },
  };
}
