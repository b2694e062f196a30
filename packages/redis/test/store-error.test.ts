// RedisStoreError is a typed AuthError (code "store", a hint), thrown by the store's own
// methods on a real redis-server that is closed, gone or silent; the token cache still treats
// it as "store unavailable" and serves requests (outage.test.ts covers that under load).
import { AuthError } from "@auth/core";
import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisTokenStore, RedisStoreError } from "../src/index.js";
import { emulatorAuth, recordingLogger } from "./helpers.js";
import { type RedisServer, startRedisServer } from "./redis-server.mjs";

let redis: RedisServer;
let emulator: OAuth2Emulator;

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await startOAuth2Emulator();
});
afterAll(async () => {
  await emulator?.close();
  await redis?.close();
});

async function rejection(p: Promise<unknown>): Promise<RedisStoreError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RedisStoreError);
  return error as RedisStoreError;
}

function expectTyped(error: RedisStoreError, message: RegExp, hint: RegExp) {
  expect(error).toBeInstanceOf(AuthError);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe("RedisStoreError");
  expect(error.code).toBe("store");
  expect(error.message).toMatch(message);
  expect(error.hint).toMatch(hint);
}

describe("RedisStoreError", () => {
  it("a closed store: code store, a hint to create a new one", async () => {
    const store = createRedisTokenStore({ url: redis.url, prefix: "err-closed:" });
    await store.get("k");
    await store.close();
    expectTyped(await rejection(store.get("k")), /store is closed/, /create a new store/);
  });

  it("Redis gone: the store's call fails typed, the token cache still serves and says so once", async () => {
    const other = await startRedisServer();
    const store = createRedisTokenStore({ url: other.url, prefix: "err-gone:" });
    try {
      await store.get("k");
      await other.stop();
      const error = await rejection(store.get("k"));
      expectTyped(error, /Redis|unreachable/, /reachable/);
      const logger = recordingLogger();
      const auth = emulatorAuth(emulator, store, { logger });
      const before = emulator.requests.count("/oauth/token");
      await expect(auth.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
      expect(emulator.requests.count("/oauth/token")).toBe(before + 1);
      expect(logger.messages.filter((w) => w.includes("Token store failed"))).toHaveLength(1);
    } finally {
      await store.close();
      await other.close();
    }
  });

  it("a silent Redis (SIGSTOP): the command deadline, with a hint about load and commandTimeoutMs", async () => {
    const other = await startRedisServer();
    const store = createRedisTokenStore({ url: other.url, prefix: "err-slow:", commandTimeoutMs: 200 });
    try {
      await store.get("k");
      process.kill(other.pid as number, "SIGSTOP");
      try {
        expectTyped(await rejection(store.get("k")), /did not answer GET within 200 ms/, /commandTimeoutMs/);
      } finally {
        process.kill(other.pid as number, "SIGCONT");
      }
    } finally {
      await store.close();
      await other.close();
    }
  });
});
