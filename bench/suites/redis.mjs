// @auth/redis: a fleet stampede on a real redis-server (processes x concurrent callers on a
// cold key -> token requests and wall time), and getToken() latency when the token is read
// from Redis (a warm key, a fresh cache per call so every call really goes to Redis) against
// the in-memory store. Starts its own redis-server (loopback, temp dir, no persistence) and
// the generic OAuth 2 emulator; needs `scripts/ensure-redis.sh` and built packages.
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median, percentile, table } from "../lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const load = (rel) => import(pathToFileURL(join(root, rel)).href);

function startWorker(config) {
  const child = fork(join(root, "packages/redis/test/fixtures/fleet-worker.mjs"), [JSON.stringify(config)], {
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let pending;
  const ready = new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`fleet worker exited (${code})`)));
    child.on("message", (m) => {
      if (m.event === "ready") resolve();
      else if (m.event === "round") pending?.(m);
    });
  });
  return ready.then(() => ({
    round: (callers, key) =>
      new Promise((resolve) => {
        pending = resolve;
        child.send({ cmd: "round", callers, key });
      }),
    exit: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.send({ cmd: "exit" });
      }),
  }));
}

async function stampede(redis, emulator) {
  const rows = [];
  const cases = [
    { processes: 8, callers: 500 },
    { processes: 4, callers: 2000 },
  ];
  const rounds = 5;
  for (const { processes, callers } of cases) {
    const cfg = { redisUrl: redis.url, tokenUrl: emulator.tokenUrl, ...emulator.credentials, key: "warmup", prefix: `bench${processes}:` };
    const workers = await Promise.all(Array.from({ length: processes }, () => startWorker(cfg)));
    await Promise.all(workers.map((w) => w.round(1))); // connections up; not measured
    const walls = [];
    const requests = [];
    let errors = 0;
    for (let r = 0; r < rounds; r++) {
      const key = `cold-${processes}-${r}`; // a new key: every process starts cold
      const before = emulator.requests.count("/oauth/token");
      const t0 = performance.now();
      const results = await Promise.all(workers.map((w) => w.round(callers, key)));
      walls.push(performance.now() - t0);
      requests.push(emulator.requests.count("/oauth/token") - before);
      errors += results.reduce((n, x) => n + x.errors.length, 0);
    }
    await Promise.all(workers.map((w) => w.exit()));
    rows.push([
      String(processes),
      String(callers),
      String(processes * callers),
      requests.join(", "),
      String(errors),
      `${median(walls).toFixed(1)} ms`,
      `${Math.max(...walls).toFixed(1)} ms`,
    ]);
  }
  return table(["processes", "callers each", "callers in all", "token requests per round", "errors", "wall time (median)", "wall time (max)"], rows) +
    `\n\n${rounds} rounds per row, each on a new (cold) key; wall time from sending the round to the last process's answer (IPC included).`;
}

async function latency(redis) {
  const core = await load("packages/core/dist/index.js");
  const { createRedisTokenStore } = await load("packages/redis/dist/index.js");
  const now = Date.now();
  const token = core.createAccessToken({ accessToken: "bench-token-value", tokenType: "Bearer", scopes: ["read"], issuedAt: now, expiresAt: now + 3_600_000 });
  const fetchToken = () => Promise.reject(new Error("the benchmark must not fetch"));
  const memory = new core.MemoryTokenStore();
  const plain = createRedisTokenStore({ url: redis.url, prefix: "lat:" });
  const encrypted = createRedisTokenStore({ url: redis.url, prefix: "latenc:", encryptionKey: Buffer.alloc(32, 1).toString("base64") });
  for (const s of [memory, plain, encrypted]) await s.set("k", token);
  // Baseline: a bare GET of the same value with a plain node-redis client (no store, no
  // cache), so the table shows what the machine and Redis cost by themselves.
  const { createClient } = await import(pathToFileURL(createRequire(join(root, "packages/redis/package.json")).resolve("redis")).href);
  const bare = createClient({ url: redis.url });
  await bare.connect();
  const bareKey = plain.redisKey("k");
  const competitors = {
    "in-memory store": memory,
    "Redis store": plain,
    "Redis store, encrypted (AES-GCM)": encrypted,
    "baseline: bare GET (node-redis)": null,
  };
  const samples = Object.fromEntries(Object.keys(competitors).map((n) => [n, []]));
  const once = async (store) => {
    if (store === null) {
      const t0 = performance.now();
      await bare.get(bareKey);
      return performance.now() - t0;
    }
    // A fresh cache per call: no in-process hit, so getToken() reads the store.
    const cache = core.createTokenCache({ store, key: "k", fetchToken });
    const t0 = performance.now();
    const t = await cache.getToken();
    const dt = performance.now() - t0;
    if (t.accessToken !== "bench-token-value") throw new Error("wrong token");
    return dt;
  };
  const names = Object.keys(competitors);
  const rounds = 20;
  const perRound = 500;
  for (let r = 0; r < rounds + 2; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      for (let k = 0; k < perRound; k++) {
        const dt = await once(competitors[name]);
        if (r >= 2) samples[name].push(dt); // 2 warm-up rounds
      }
    }
  }
  await plain.close();
  await encrypted.close();
  bare.destroy();
  const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
  const rows = names.map((n) => [n, us(percentile(samples[n], 50)), us(percentile(samples[n], 90)), us(percentile(samples[n], 99)), us(Math.max(...samples[n]))]);
  const p99 = percentile(samples["Redis store"], 99);
  return {
    p99,
    markdown:
      table(["store", "p50", "p90", "p99", "max"], rows) +
      `\n\n${rounds} interleaved rounds x ${perRound} sequential calls per store (after 2 warm-up rounds), each call a new token cache on a warm key. Target: Redis p99 < 2 ms on loopback — ${p99 < 2 ? "met" : "NOT met"} (${us(p99)}). Load average during the run: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores (the tail follows it; compare with the bare GET).`,
  };
}

export default async function () {
  const { startRedisServer } = await load("packages/redis/test/redis-server.mjs");
  const { startOAuth2Emulator } = await load("packages/testing/dist/index.js");
  const redis = await startRedisServer();
  const emulator = await startOAuth2Emulator();
  try {
    const fleet = await stampede(redis, emulator);
    const lat = await latency(redis);
    return {
      title: "@auth/redis: fleet stampede and getToken() latency from Redis",
      markdown: `### Fleet stampede (cold key, cross-process single flight)\n\n${fleet}\n\n### getToken() from a warm key\n\n${lat.markdown}\n\nredis-server ${(await import("node:child_process")).execFileSync("redis-server", ["--version"]).toString().match(/v=(\S+)/)?.[1] ?? "?"} on 127.0.0.1, started by the suite.`,
    };
  } finally {
    await emulator.close();
    await redis.close();
  }
}
