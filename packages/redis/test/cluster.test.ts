// The store on a real 3-primary Redis Cluster (redis-server --cluster-enabled, joined by
// redis-cli --cluster create): single flight per key with keys on every shard, a slot migrated
// under a running fleet (ASK/MOVED answers), and the lock wake-up by sharded pub/sub.
import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisTokenStore, type RedisTokenStore } from "../src/index.js";
import { cli, type RedisCluster, startRedisCluster } from "./cluster-servers.mjs";
import { sleep, startWorker, type Worker } from "./helpers.js";

let cluster: RedisCluster;
let emulator: OAuth2Emulator | undefined;
let workers: Worker[] = [];
const stores: RedisTokenStore[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await cluster?.close();
});
afterEach(async () => {
  await Promise.all(workers.map((w) => w.exit()));
  workers = [];
  await emulator?.close();
  emulator = undefined;
});

const newStore = (prefix: string, extra: Record<string, unknown> = {}) => {
  const s = createRedisTokenStore({ cluster: cluster.urls, prefix, ...extra });
  stores.push(s);
  return s;
};
const errorStat = async (port: number, what: string) => Number(new RegExp(`errorstat_${what}:count=(\\d+)`).exec(await cli(port, "INFO", "errorstats"))?.[1] ?? 0);

describe("Redis Cluster (3 primaries)", () => {
  it("8 processes x 300 cold callers on keys spread over all three shards: exactly 1 token request per key", async () => {
    const e = await startOAuth2Emulator();
    emulator = e;
    const prefix = `c${Math.random().toString(36).slice(2, 8)}:`;
    const store = newStore(prefix);
    // One key per primary: the token key's slot decides the shard; its lock shares the slot.
    const keyOf = new Map<number, string>();
    for (let i = 0; keyOf.size < 3 && i < 1000; i++) {
      const key = `tenant-${i}`;
      const slot = await cluster.keySlot(store.redisKey(key));
      expect(await cluster.keySlot(`${prefix}lock:{${key}}`)).toBe(slot);
      expect(await cluster.keySlot(`${prefix}lock-released:{${key}}`)).toBe(slot);
      const owner = await cluster.ownerOf(slot);
      if (!keyOf.has(owner)) keyOf.set(owner, key);
    }
    expect([...keyOf.keys()].sort()).toEqual([...cluster.ports].sort());
    const keys = [...keyOf.values()];

    const cfg = { storeOptions: { cluster: cluster.urls }, tokenUrl: e.tokenUrl, ...e.credentials, key: keys[0], prefix, lockTtlMs: 5000 };
    workers = await Promise.all(Array.from({ length: 8 }, () => startWorker(cfg)));
    const t0 = performance.now();
    const rounds = await Promise.all(workers.map((w) => w.rounds(300, keys)));
    const wallMs = performance.now() - t0;
    expect(rounds.flatMap((r) => r.errors)).toEqual([]);
    expect(rounds.flatMap((r) => r.warnings)).toEqual([]);
    expect(e.requests.count("/oauth/token")).toBe(keys.length);
    const perKey = keys.map((k) => new Set(rounds.flatMap((r) => r.byKey?.[k] ?? [])));
    for (const tokens of perKey) expect(tokens.size).toBe(1);
    expect(new Set(perKey.map((t) => [...t][0])).size).toBe(keys.length);
    // Each token really lives on its own shard (asked without -c: the node answers for itself).
    for (const [port, key] of keyOf) expect(await cli(port, "EXISTS", store.redisKey(key))).toBe("1");
    console.log(`cluster: 8 processes x 300 callers x ${keys.length} keys -> ${e.requests.count("/oauth/token")} token requests in ${Math.round(wallMs)} ms`);
  }, 60_000);

  it("a slot migrated to another primary in the middle of a run (ASK, then MOVED): 0 failed requests, sharing goes on", async () => {
    const e = await startOAuth2Emulator({ tokenLifetimeSeconds: 2 });
    emulator = e;
    const prefix = `m${Math.random().toString(36).slice(2, 8)}:`;
    const key = "moving";
    const store = newStore(prefix);
    const slot = await cluster.keySlot(store.redisKey(key));
    const from = await cluster.ownerOf(slot);
    const to = cluster.ports.find((p) => p !== from)!;
    // A store that never waits on a lock (so never subscribes) keeps the slot map it has until
    // Redis redirects it; the fleet's subscribed clients may learn the move earlier (Redis
    // unsubscribes them from the moved slot's shard channels, and node-redis then re-reads the map).
    const probe = newStore(prefix, { notify: false });
    await probe.get(key);
    const movedBefore = (await errorStat(from, "MOVED")) + (await errorStat(from, "ASK"));
    const cfg = { storeOptions: { cluster: cluster.urls }, tokenUrl: e.tokenUrl, ...e.credentials, key, prefix, lockTtlMs: 5000, refreshWindow: 1000 };
    workers = await Promise.all(Array.from({ length: 8 }, () => startWorker(cfg)));
    const runMs = 6000;
    const runs = Promise.all(workers.map((w) => w.run(50, runMs, 50)));
    await sleep(2500);
    const migrateStart = Date.now();
    await cluster.migrateSlot(slot, to);
    const migrateMs = Date.now() - migrateStart;
    const results = await runs;
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(await cluster.ownerOf(slot)).toBe(to);
    expect((await probe.get(key))?.accessToken).toMatch(/^tok_/);
    // The old owner answered MOVED (or ASK) at least to the probe; the fleet kept sharing on the new owner.
    const redirects = (await errorStat(from, "MOVED")) + (await errorStat(from, "ASK")) - movedBefore;
    expect(redirects).toBeGreaterThan(0);
    expect(await cli(to, "EXISTS", store.redisKey(key))).toBe("1");
    const requests = results.reduce((n, r) => n + (r.requests ?? 0), 0);
    const tokenRequests = e.requests.count("/oauth/token");
    // 6 s of 2-second tokens, stale after 1 s: about 6 refreshes fleet-wide when shared, 48+ if
    // every process fetched its own.
    expect(tokenRequests).toBeLessThanOrEqual(12);
    console.log(
      `cluster slot migration: ${requests} getToken() calls, 0 failed, ${redirects} MOVED/ASK answers, ${tokenRequests} token requests in ${runMs} ms (slot moved in ${migrateMs} ms)`,
    );
  }, 60_000);

  it("a waiter is woken by sharded pub/sub on the lock's own shard (measured against polling alone)", async () => {
    const prefix = `w${Math.random().toString(36).slice(2, 8)}:`;
    const measure = async (notify: boolean) => {
      const holder = newStore(prefix);
      const waiter = newStore(prefix, { notify });
      const delays: number[] = [];
      for (let i = 0; i < 15; i++) {
        const key = `wake-${notify}-${i}`;
        const release = await holder.lock(key, 5000);
        const acquired = waiter.lock(key, 5000).then((r) => ({ at: performance.now(), r }));
        // Long enough for the waiter's backoff to reach its 100 ms cap.
        await sleep(300);
        await release();
        const releasedAt = performance.now();
        const { at, r } = await acquired;
        delays.push(at - releasedAt);
        await r();
      }
      return delays.sort((a, b) => a - b);
    };
    const sharded = await measure(true);
    const polling = await measure(false);
    const p50 = (d: number[]) => d[Math.floor(d.length / 2)]!;
    // The waiter's subscription lives on the shard that owns the key's slot.
    const store = newStore(prefix);
    const owner = await cluster.ownerOf(await cluster.keySlot(store.redisKey("wake-true-0")));
    expect(await cli(owner, "PUBSUB", "SHARDNUMSUB", `${prefix}lock-released:{wake-true-0}`)).toMatch(/\n1$/);
    console.log(
      `cluster wake-up after release: sharded pub/sub p50 ${p50(sharded).toFixed(1)} ms, max ${sharded.at(-1)!.toFixed(1)} ms; polling alone p50 ${p50(polling).toFixed(1)} ms, max ${polling.at(-1)!.toFixed(1)} ms`,
    );
    expect(p50(sharded)).toBeLessThan(p50(polling));
    expect(p50(sharded)).toBeLessThan(25);
    // Polling's bound: the 100 ms backoff cap plus a loaded machine's timer lateness.
    expect(polling.at(-1)!).toBeLessThan(250);
  }, 60_000);
});
