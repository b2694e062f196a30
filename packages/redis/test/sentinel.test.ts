// The store on a Sentinel-managed primary (a primary, one replica, three sentinels, all real
// servers on loopback): a failover in the middle of a fleet's run fails no request; the token
// requests it costs are counted against a calm run of the same length.
import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisTokenStore } from "../src/index.js";
import { cli } from "./cluster-servers.mjs";
import { sleep, startWorker, type Worker } from "./helpers.js";
import { type RedisSentinelSet, startRedisSentinel } from "./sentinel-servers.mjs";

let sentinel: RedisSentinelSet;
let emulator: OAuth2Emulator | undefined;
let workers: Worker[] = [];

beforeAll(async () => {
  sentinel = await startRedisSentinel();
}, 90_000);
afterAll(async () => {
  await sentinel?.close();
});
afterEach(async () => {
  await Promise.all(workers.map((w) => w.exit()));
  workers = [];
  await emulator?.close();
  emulator = undefined;
});

describe("Redis Sentinel (primary, replica, 3 sentinels)", () => {
  it("works through the current primary", async () => {
    // Generous deadlines: on a shared 2-core machine under load, discovering the primary through
    // the sentinels took longer than the default first-connection wait (the cache would then
    // have fetched locally, which is not what this test looks at).
    const store = createRedisTokenStore({
      sentinel: { name: sentinel.name, sentinelRootNodes: sentinel.sentinelRootNodes },
      prefix: "s0:",
      connectTimeoutMs: 5000,
      commandTimeoutMs: 2000,
    });
    try {
      expect(store.topology).toBe("sentinel");
      const e = await startOAuth2Emulator();
      emulator = e;
      const release = await store.lock("k", 2000);
      await release();
      await store.set("k", { accessToken: "tok-s", tokenType: "Bearer", scopes: [], expiresAt: Date.now() + 60_000 } as never);
      expect((await store.get("k"))?.accessToken).toBe("tok-s");
      expect(await cli(await sentinel.masterPort(), "EXISTS", store.redisKey("k"))).toBe("1");
    } finally {
      await store.close();
    }
  }, 30_000);

  it("SENTINEL FAILOVER in the middle of a run with 2-second tokens: 0 failed requests; the extra token requests are counted", async () => {
    const e = await startOAuth2Emulator({ tokenLifetimeSeconds: 2 });
    emulator = e;
    const prefix = `f${Math.random().toString(36).slice(2, 8)}:`;
    const cfg = {
      storeOptions: { sentinel: { name: sentinel.name, sentinelRootNodes: sentinel.sentinelRootNodes } },
      tokenUrl: e.tokenUrl,
      ...e.credentials,
      key: "failover",
      prefix,
      lockTtlMs: 5000,
      refreshWindow: 1000,
      // One retry of a token request: on a loaded machine the emulator (in this test process)
      // once reset a connection, failing 50 callers for a reason that is not Redis's.
      tokenRetry: 1,
    };
    workers = await Promise.all(Array.from({ length: 8 }, () => startWorker(cfg)));
    const runMs = 6000;
    // A calm run first: the token requests of 6 s of 2-second tokens (stale after 1 s) when nothing fails.
    const calm = await Promise.all(workers.map((w) => w.run(50, runMs, 50)));
    expect(calm.flatMap((r) => r.errors)).toEqual([]);
    const calmRequests = e.requests.count("/oauth/token");

    const runs = Promise.all(workers.map((w) => w.run(50, runMs, 50)));
    await sleep(1500);
    const t0 = Date.now();
    const { from, to } = await sentinel.failover();
    const failoverMs = Date.now() - t0;
    const results = await runs;
    const failoverRequests = e.requests.count("/oauth/token") - calmRequests;
    const calls = results.reduce((n, r) => n + (r.requests ?? 0), 0);
    const slowest = Math.max(...results.map((r) => r.slowestMs ?? 0));
    console.log(
      `sentinel failover ${from} -> ${to} (sentinels agreed in ${failoverMs} ms): ${calls} getToken() calls, ${results.flatMap((r) => r.errors).length} failed, slowest ${Math.round(slowest)} ms; token requests ${failoverRequests} vs ${calmRequests} in a calm run of the same length (extra: ${failoverRequests - calmRequests})`,
    );
    console.log(`slow store calls: ${JSON.stringify(results.map((r) => r.slowOps))}; longest event-loop delay per process (ms): ${results.map((r) => Math.round(r.maxLagMs ?? 0)).join(", ")}`);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(to).not.toBe(from);
    // Each process fetches locally at most while the primary is away (one command timeout and
    // a cool-down per outage): a bound of two extra requests per process.
    expect(failoverRequests - calmRequests).toBeLessThanOrEqual(16);
    // And the fleet shares again through the new primary.
    await Promise.all(workers.map((w) => w.round(10)));
    expect(await cli(to, "EXISTS", `${prefix}token:{failover}`)).toBe("1");
  }, 120_000);

  it("the primary killed (SIGKILL) in the middle of a run: 0 failed requests; the extra token requests are counted", async () => {
    const e = await startOAuth2Emulator({ tokenLifetimeSeconds: 2 });
    emulator = e;
    const prefix = `k${Math.random().toString(36).slice(2, 8)}:`;
    const cfg = {
      storeOptions: { sentinel: { name: sentinel.name, sentinelRootNodes: sentinel.sentinelRootNodes } },
      tokenUrl: e.tokenUrl,
      ...e.credentials,
      key: "killed",
      prefix,
      lockTtlMs: 5000,
      refreshWindow: 1000,
      // One retry of a token request: on a loaded machine the emulator (in this test process)
      // once reset a connection, failing 50 callers for a reason that is not Redis's.
      tokenRetry: 1,
    };
    // The replica must be in sync before its primary dies (after the previous test's failover
    // the old primary rejoined as a replica).
    const primary = await sentinel.masterPort();
    const replica = primary === sentinel.primaryPort ? sentinel.replicaPort : sentinel.primaryPort;
    const t0 = Date.now();
    while (!(await cli(replica, "INFO", "replication")).includes("master_link_status:up")) {
      if (Date.now() - t0 > 30_000) throw new Error("the replica did not sync within 30 s");
      await sleep(100);
    }
    workers = await Promise.all(Array.from({ length: 8 }, () => startWorker(cfg)));
    const runMs = 8000;
    const runs = Promise.all(workers.map((w) => w.run(50, runMs, 50)));
    await sleep(1500);
    const killedAt = Date.now();
    await sentinel.nodes[primary]!.kill();
    let promotedMs = -1;
    while (Date.now() - killedAt < runMs) {
      if ((await sentinel.masterPort().catch(() => primary)) === replica) {
        promotedMs = Date.now() - killedAt;
        break;
      }
      await sleep(100);
    }
    const results = await runs;
    const tokenRequests = e.requests.count("/oauth/token");
    const calls = results.reduce((n, r) => n + (r.requests ?? 0), 0);
    const slowest = Math.max(...results.map((r) => r.slowestMs ?? 0));
    console.log(
      `sentinel, primary ${primary} killed: replica ${replica} promoted after ${promotedMs} ms; ${calls} getToken() calls, ${results.flatMap((r) => r.errors).length} failed, slowest ${Math.round(slowest)} ms; ${tokenRequests} token requests in ${runMs} ms (shared: about ${runMs / 1000}; every process alone: about ${8 * (runMs / 1000)})`,
    );
    console.log(`slow store calls: ${JSON.stringify(results.map((r) => r.slowOps))}; longest event-loop delay per process (ms): ${results.map((r) => Math.round(r.maxLagMs ?? 0)).join(", ")}`);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(promotedMs).toBeGreaterThan(0);
    // While no primary answers, each process fetches locally once per token refresh: at most
    // 8 processes x the refreshes of the outage (a few seconds), on top of one per refresh.
    expect(tokenRequests).toBeLessThanOrEqual(8 * (runMs / 1000));
  }, 120_000);
});
