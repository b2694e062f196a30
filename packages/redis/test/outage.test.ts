// Redis going away under load: no request fails (the cache fetches locally, one warning per
// process), and when Redis is back, sharing resumes. A Redis that stalls instead of dying
// costs at most the command timeout.
import type { BearerAuth } from "@auth/core";
import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisTokenStore, type RedisTokenStore } from "../src/index.js";
import { emulatorAuth, recordingLogger, sleep } from "./helpers.js";
import { type RedisServer, startRedisServer } from "./redis-server.mjs";

let redis: RedisServer;
let emulator: OAuth2Emulator;
const stores: RedisTokenStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await startOAuth2Emulator({ tokenLifetimeSeconds: 2 });
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await emulator?.close();
  await redis?.close();
});

/** `n` "processes": each its own store (own connections) and cache. */
function fleet(n: number, prefix: string, extra: { commandTimeoutMs?: number } = {}) {
  return Array.from({ length: n }, () => {
    const logger = recordingLogger();
    const store = createRedisTokenStore({ url: redis.url, prefix, ...extra });
    stores.push(store);
    // Stale 1 s after issue (lifetime 2 s).
    return { store, logger, auth: emulatorAuth(emulator, store, { refreshWindow: 1000, logger }) };
  });
}

async function stampede(auths: BearerAuth[], callers: number) {
  const results = await Promise.allSettled(auths.flatMap((a) => Array.from({ length: callers }, () => a.getToken())));
  const errors = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
  const tokens = new Set(results.flatMap((r) => (r.status === "fulfilled" ? [r.value.accessToken] : [])));
  return { errors, tokens };
}

describe("Redis outages", () => {
  it("stop Redis mid-run: no request fails; restart it: sharing resumes", async () => {
    // A generous command deadline: this test is about Redis going away (commands then fail at
    // once), not about a slow one, and a loaded CI machine can make a healthy Redis answer late.
    const procs = fleet(4, "outage:", { commandTimeoutMs: 2000 });
    const auths = procs.map((p) => p.auth);
    const count = () => emulator.requests.count("/oauth/token");

    const cold = await stampede(auths, 50);
    expect(cold.errors).toEqual([]);
    expect(cold.tokens.size).toBe(1);
    expect(count()).toBe(1);

    // Load keeps coming while Redis dies and while the shared token goes stale.
    await redis.stop();
    const downSince = Date.now();
    const errors: string[] = [];
    while (Date.now() - downSince < 1500) {
      errors.push(...(await stampede(auths, 20)).errors);
      await sleep(50);
    }
    expect(errors).toEqual([]);
    // Each process fetched on its own, and said so once.
    expect(count()).toBeGreaterThanOrEqual(1 + 4);
    for (const p of procs) {
      expect(p.logger.messages.filter((m) => /Token store failed/.test(m))).toHaveLength(1);
    }

    await redis.start();
    // Reconnected (reconnection backoff is capped at 1 s).
    const t0 = Date.now();
    for (const p of procs) {
      for (;;) {
        try {
          await p.store.get("probe");
          break;
        } catch {
          if (Date.now() - t0 > 5000) throw new Error("the store did not reconnect within 5 s");
          await sleep(50);
        }
      }
    }
    // Once every process's local token is stale, one request serves them all again.
    await sleep(1100);
    const before = count();
    const after = await stampede(auths, 50);
    expect(after.errors).toEqual([]);
    expect(after.tokens.size).toBe(1);
    expect(count()).toBe(before + 1);
    for (const p of procs) expect(p.logger.messages.some((m) => /working again/.test(m))).toBe(true);
  });

  it("Redis unreachable from the start (nothing on the port, a password in the URL): requests work, one warning, no password in it", async () => {
    const logger = recordingLogger();
    const password = "canary-redis-P4ssword";
    // A port nothing listens on: take a free one and close it.
    const { createServer } = await import("node:net");
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const store = createRedisTokenStore({ url: `redis://:${password}@127.0.0.1:${port}`, prefix: "never:", connectTimeoutMs: 300 });
    stores.push(store);
    const auth = emulatorAuth(emulator, store, { logger, key: "never" });
    const t0 = Date.now();
    const first = await stampede([auth], 20);
    expect(first.errors).toEqual([]);
    expect(first.tokens.size).toBe(1);
    // The first command waits for the first connection attempt (connectTimeoutMs), no more.
    expect(Date.now() - t0).toBeLessThan(300 + 1500); // slack for a loaded CI machine
    expect((await stampede([auth], 20)).errors).toEqual([]);
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toMatch(/Token store failed/);
    expect(logger.messages.join("\n")).not.toContain(password);
  });

  it("a stalled Redis (SIGSTOP) costs at most the command timeout, then requests go on", async () => {
    const procs = fleet(2, "stall:", { commandTimeoutMs: 200 });
    const auths = procs.map((p) => p.auth);
    expect((await stampede(auths, 10)).errors).toEqual([]);
    await sleep(1100); // stale
    const pid = redis.pid!;
    process.kill(pid, "SIGSTOP");
    try {
      const t0 = Date.now();
      const r = await stampede(auths, 10);
      const took = Date.now() - t0;
      expect(r.errors).toEqual([]);
      // One timed-out GET, then the cool-down makes the lock and set fail at once.
      expect(took).toBeLessThan(200 * 2 + 300);
    } finally {
      process.kill(pid, "SIGCONT");
    }
  });
});
