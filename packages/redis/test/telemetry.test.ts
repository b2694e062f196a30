// @auth/core's telemetry over a real Redis lock: what operators see of cross-process single
// flight (telemetrySnapshot() holds the same counts as the OpenTelemetry metrics).
import { telemetrySnapshot } from "@auth/core";
import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRedisTokenStore, type RedisTokenStore } from "../src/index.js";
import { emulatorAuth } from "./helpers.js";
import { type RedisServer, startRedisServer } from "./redis-server.mjs";

let redis: RedisServer;
let emulator: OAuth2Emulator;
const stores: RedisTokenStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await startOAuth2Emulator();
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await emulator?.close();
  await redis?.close();
});

it("two processes' caches, cold at once: 1 token request; the other waited on the Redis lock, then read the store", async () => {
  const prefix = `tel${Math.random().toString(36).slice(2, 8)}:`;
  // Two stores, two connections: as two processes would hold them.
  const [a, b] = [0, 1].map(() => {
    const s = createRedisTokenStore({ url: redis.url, prefix });
    stores.push(s);
    return emulatorAuth(emulator, s, { telemetry: { provider: "redis-fleet", grant: "client_credentials" } });
  });
  emulator.setFault({ kind: "delay", delayMs: 150, paths: ["/oauth/token"], times: 1 });
  const [ta, tb] = await Promise.all([a!.getToken(), b!.getToken()]);
  expect(tb.accessToken).toBe(ta.accessToken);
  expect(emulator.requests.count("/oauth/token")).toBe(1);

  const fleet = telemetrySnapshot().providers.find((p) => p.provider === "redis-fleet");
  expect(fleet).toMatchObject({ grant: "client_credentials", tokenRequests: { fetched: 1, error: 0 }, storeHits: 1, storeErrors: {} });
  expect(fleet!.cacheResults).toMatchObject({ miss: 2 });
  // Both took the lock; the second waited about as long as the token endpoint took.
  expect(fleet!.lockWaits.count).toBe(2);
  expect(fleet!.lockWaits.maxMs).toBeGreaterThan(100);
  expect(fleet!.lockWaits.maxMs).toBeLessThan(10_000);
});
