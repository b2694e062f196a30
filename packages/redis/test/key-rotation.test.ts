// Rotating the encryption key: `encryptionKey: [newKey, oldKey]` encrypts with the first and
// decrypts with all, by the key id in the value, so a fleet switches keys without a miss storm.
import { createHash, webcrypto } from "node:crypto";
import { createAccessToken, serializeToken } from "@auth/core";
import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisTokenStore, encryptionKeyId, type RedisTokenStore, type RedisTokenStoreOptions } from "../src/index.js";
import { recordingLogger, startWorker, type Worker } from "./helpers.js";
import { type RedisServer, startRedisServer } from "./redis-server.mjs";

const oldKey = Buffer.alloc(32, 1).toString("base64");
const newKey = Buffer.alloc(32, 2).toString("base64");
const strangerKey = Buffer.alloc(32, 3).toString("base64");

let redis: RedisServer;
let raw: ReturnType<typeof createClient>;
let emulator: OAuth2Emulator | undefined;
let workers: Worker[] = [];
const stores: RedisTokenStore[] = [];
const newStore = (options: Partial<RedisTokenStoreOptions>) => {
  const s = createRedisTokenStore({ url: redis.url, ...options } as RedisTokenStoreOptions);
  stores.push(s);
  return s;
};
const token = (value: string) => createAccessToken({ accessToken: value, tokenType: "Bearer", scopes: [], issuedAt: Date.now(), expiresAt: Date.now() + 60_000 });

beforeAll(async () => {
  redis = await startRedisServer();
  raw = createClient({ url: redis.url });
  await raw.connect();
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  raw?.destroy();
  await redis?.close();
});
afterEach(async () => {
  await Promise.all(workers.map((w) => w.exit()));
  workers = [];
  await emulator?.close();
  emulator = undefined;
});

/** A value as version 0.1.0 wrote it (`<fingerprint>.e.<base64>`, no key id), re-implemented here on purpose. */
async function legacyValue(key: string, redisKey: string, accessToken: string): Promise<string> {
  const s = webcrypto.subtle;
  const enc = new TextEncoder();
  const master = await s.importKey("raw", Buffer.from(key, "base64"), "HKDF", false, ["deriveKey"]);
  const hkdf = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: enc.encode("@auth/redis"), info: enc.encode(info) });
  const aes = await s.deriveKey(hkdf("token-encryption-v1"), master, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
  const mac = await s.deriveKey(hkdf("token-fingerprint-v1"), master, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const sealed = await s.encrypt({ name: "AES-GCM", iv, additionalData: enc.encode(redisKey) }, aes, enc.encode(JSON.stringify(serializeToken(token(accessToken)))));
  const fp = Buffer.from(await s.sign("HMAC", mac, enc.encode(accessToken))).toString("hex").slice(0, 32);
  return `${fp}.e.${Buffer.concat([iv, Buffer.from(sealed)]).toString("base64")}`;
}

describe("key rotation (store)", () => {
  it("the value names its key by an id (first 8 hex of SHA-256 of the key), never the key; [new, old] reads values of either key", async () => {
    const expectedId = createHash("sha256").update(Buffer.from(oldKey, "base64")).digest("hex").slice(0, 8);
    expect(await encryptionKeyId(oldKey)).toBe(expectedId);
    const writer = newStore({ prefix: "r1:", encryptionKey: oldKey });
    await writer.set("k", token("tok-old"));
    const value = (await raw.get(writer.redisKey("k")))!;
    expect(value.split(".")[1]).toBe("k");
    expect(value.split(".")[2]).toBe(expectedId);
    expect(value).not.toContain(oldKey);
    expect(value).not.toContain(Buffer.from(oldKey, "base64").toString("hex"));
    const rotated = newStore({ prefix: "r1:", encryptionKey: [newKey, oldKey] });
    expect((await rotated.get("k"))?.accessToken).toBe("tok-old");
    // It writes with the new key; a store that knows both still reads it.
    await rotated.set("k2", token("tok-new"));
    expect((await raw.get(rotated.redisKey("k2")))!.split(".")[2]).toBe(await encryptionKeyId(newKey));
    expect((await newStore({ prefix: "r1:", encryptionKey: [oldKey, newKey] }).get("k2"))?.accessToken).toBe("tok-new");
  });

  it("values written before key ids existed still decrypt, with the key alone or in a list", async () => {
    const reader = newStore({ prefix: "r2:", encryptionKey: [newKey, oldKey] });
    await raw.set(reader.redisKey("k"), await legacyValue(oldKey, reader.redisKey("k"), "tok-legacy"));
    expect((await reader.get("k"))?.accessToken).toBe("tok-legacy");
    expect((await newStore({ prefix: "r2:", encryptionKey: oldKey }).get("k"))?.accessToken).toBe("tok-legacy");
    // And delete by value finds it (the fingerprint under the old key).
    await reader.delete("k", "tok-legacy");
    expect(await raw.get(reader.redisKey("k"))).toBeNull();
  });

  it("delete by value finds a value written under the old key", async () => {
    const writer = newStore({ prefix: "r3:", encryptionKey: oldKey });
    await writer.set("k", token("tok-401"));
    const rotated = newStore({ prefix: "r3:", encryptionKey: [newKey, oldKey] });
    await rotated.delete("k", "other");
    expect(await raw.get(writer.redisKey("k"))).not.toBeNull();
    await rotated.delete("k", "tok-401");
    expect(await raw.get(writer.redisKey("k"))).toBeNull();
  });

  it("a value under a key the store does not have is a miss, logged once (not per read), naming the key id only", async () => {
    const writer = newStore({ prefix: "r4:", encryptionKey: strangerKey });
    await writer.set("a", token("tok-stranger-a"));
    await writer.set("b", token("tok-stranger-b"));
    const logger = recordingLogger();
    const reader = newStore({ prefix: "r4:", encryptionKey: [newKey, oldKey], logger });
    for (let i = 0; i < 5; i++) {
      expect(await reader.get("a")).toBeUndefined();
      expect(await reader.get("b")).toBeUndefined();
    }
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toContain(`key id ${await encryptionKeyId(strangerKey)}`);
    expect(logger.messages[0]).not.toContain("tok-stranger");
    expect(logger.messages[0]).not.toContain(strangerKey);
  });

  it("refuses an empty key list", () => {
    expect(() => createRedisTokenStore({ url: redis.url, encryptionKey: [] })).toThrow(/empty list/);
  });
});

describe("key rotation (fleet)", () => {
  it("4 processes reading with [new, old] while tokens written with the old key are live: 0 extra token requests", async () => {
    const e = await startOAuth2Emulator();
    emulator = e;
    const base = { redisUrl: redis.url, tokenUrl: e.tokenUrl, ...e.credentials, key: "rotating", prefix: "rf:", lockTtlMs: 5000 };
    const before = await Promise.all(Array.from({ length: 4 }, () => startWorker({ ...base, encryptionKey: oldKey })));
    workers = before;
    const cold = await Promise.all(before.map((w) => w.round(100)));
    expect(cold.flatMap((r) => r.errors)).toEqual([]);
    expect(e.requests.count("/oauth/token")).toBe(1);
    await Promise.all(before.map((w) => w.exit()));
    // The deploy with the new key first: the fleet restarts (cold memory) and reads Redis.
    workers = await Promise.all(Array.from({ length: 4 }, () => startWorker({ ...base, encryptionKey: [newKey, oldKey] })));
    const after = await Promise.all(workers.map((w) => w.round(300)));
    expect(after.flatMap((r) => r.errors)).toEqual([]);
    expect(after.flatMap((r) => r.warnings)).toEqual([]);
    expect(e.requests.count("/oauth/token")).toBe(1);
    expect(new Set(cold.concat(after).flatMap((r) => r.tokens)).size).toBe(1);
  }, 90_000);
});
