// Real Redis servers for the Cluster tests (and benchmarks; sentinel-servers.mjs reuses the helpers): loopback only, random
// free ports, a temp dir, no persistence. Every server runs under `timeout 600`, so a test
// process that dies cannot leave one behind for more than ten minutes; `close()` stops them by
// PID. Plain JS (like redis-server.mjs) so bench/ can use it too; types in cluster-servers.d.mts.
import { execFile, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Seconds a server may live (the `timeout` around it) unless a caller asks for longer (the bench's soak). */
const LIFETIME_S = 600;

function canListen(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (+10000) is free too. */
export async function freePortPair() {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if ((await canListen(port)) && (await canListen(port + 10000))) return port;
  }
  throw new Error("no free port pair found on 127.0.0.1");
}

/** `redis-cli -p port args…`, bounded at 20 s; resolves with stdout (trimmed). */
export function cli(port, ...args) {
  return new Promise((resolve, reject) => {
    execFile("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`redis-cli -p ${port} ${args.join(" ")}: ${error.message} ${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(what, check, timeoutMs = 20_000) {
  const t0 = Date.now();
  for (;;) {
    try {
      if (await check()) return;
    } catch {}
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export function available(bin = "redis-server") {
  return spawnSync(bin, ["--version"], { stdio: "ignore" }).status === 0;
}

/** Start one server process (`redis-server` or `redis-sentinel`) under `timeout`; resolves when it answers PING. */
export async function spawnServer(bin, args, port, lifetimeSeconds = LIFETIME_S) {
  const proc = spawn("timeout", ["-s", "TERM", "-k", "5", String(lifetimeSeconds), bin, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  await until(`${bin} on 127.0.0.1:${port} (${stderr.slice(0, 300)})`, async () => {
    if (proc.exitCode !== null) throw new Error(`${bin} exited: ${stderr.slice(0, 500)}`);
    return (await cli(port, "PING")) === "PONG";
  }, 10_000);
  // The server's own PID (timeout's child), to kill it abruptly like a crash.
  const info = await cli(port, "INFO", "server");
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  return {
    port,
    pid,
    /** SIGKILL the server itself (a crash); `timeout` then exits. */
    async kill() {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
      await exited;
    },
    /** SIGTERM to `timeout`, which passes it on; SIGKILL after 5 s. */
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      const t = setTimeout(() => {
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
      }, 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

export const base = (dir, port) => ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--loglevel", "warning"];

/**
 * Three primaries with `--cluster-enabled yes`, joined by `redis-cli --cluster create`
 * (16384 slots split in three), started in about a second.
 */
export async function startRedisCluster({ primaries = 3, lifetimeSeconds = LIFETIME_S } = {}) {
  if (!available()) throw new Error("redis-server is not installed: run scripts/ensure-redis.sh");
  const dir = mkdtempSync(join(tmpdir(), "auth-redis-cluster-"));
  const ports = [];
  for (let i = 0; i < primaries; i++) ports.push(await freePortPair());
  const argsOf = (port) => [...base(dir, port), "--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`, "--cluster-node-timeout", "2000"];
  const nodes = await Promise.all(ports.map((port) => spawnServer("redis-server", argsOf(port), port, lifetimeSeconds)));
  const close = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise((resolve, reject) =>
      execFile("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-yes"], { timeout: 30_000 }, (e, out, err) =>
        e ? reject(new Error(`redis-cli --cluster create: ${e.message} ${out} ${err}`)) : resolve(),
      ),
    );
    for (const port of ports) await until(`cluster_state:ok on ${port}`, async () => (await cli(port, "CLUSTER", "INFO")).includes("cluster_state:ok"));
  } catch (error) {
    await close();
    throw error;
  }
  const ids = await Promise.all(ports.map((p) => cli(p, "CLUSTER", "MYID")));
  /** The port of the primary serving `slot` (from the first node's view). */
  const ownerOf = async (slot) => {
    const slots = await cli(ports[0], "--json", "CLUSTER", "SLOTS");
    for (const [from, to, master] of JSON.parse(slots)) if (slot >= from && slot <= to) return Number(master[1]);
    throw new Error(`slot ${slot} is not served`);
  };
  return {
    ports,
    urls: ports.map((p) => `redis://127.0.0.1:${p}`),
    nodes,
    keySlot: async (key) => Number(await cli(ports[0], "CLUSTER", "KEYSLOT", key)),
    ownerOf,
    /**
     * Move `slot` (and its keys) to the primary on `toPort`, the way `redis-cli --cluster
     * reshard` does: IMPORTING/MIGRATING, MIGRATE of the keys, then SETSLOT NODE on every
     * primary. Clients that still route by the old map get `ASK`, then `MOVED`.
     */
    async migrateSlot(slot, toPort) {
      const fromPort = await ownerOf(slot);
      if (fromPort === toPort) throw new Error(`slot ${slot} is already on ${toPort}`);
      const fromId = ids[ports.indexOf(fromPort)];
      const toId = ids[ports.indexOf(toPort)];
      await cli(toPort, "CLUSTER", "SETSLOT", String(slot), "IMPORTING", fromId);
      await cli(fromPort, "CLUSTER", "SETSLOT", String(slot), "MIGRATING", toId);
      for (;;) {
        const keys = (await cli(fromPort, "CLUSTER", "GETKEYSINSLOT", String(slot), "100")).split("\n").filter(Boolean);
        if (keys.length === 0) break;
        await cli(fromPort, "MIGRATE", "127.0.0.1", String(toPort), "", "0", "5000", "REPLACE", "KEYS", ...keys);
      }
      for (const p of [toPort, fromPort, ...ports.filter((x) => x !== toPort && x !== fromPort)]) await cli(p, "CLUSTER", "SETSLOT", String(slot), "NODE", toId);
      await until(`slot ${slot} on ${toPort}`, async () => (await ownerOf(slot)) === toPort);
      return { fromPort, toPort };
    },
    /**
     * Crash the primary on `port` (SIGKILL), keep it down `downMs`, start it again on the same
     * port and config file (so it rejoins with its node id and slots, but no data: nothing is
     * persisted), and wait until every node reports `cluster_state:ok`. Without replicas the
     * cluster answers `CLUSTERDOWN` for the slots of a primary that is down.
     */
    async restart(port, downMs = 0) {
      const i = ports.indexOf(port);
      if (i < 0) throw new Error(`no cluster node on ${port}`);
      await nodes[i].kill();
      await sleep(downMs);
      nodes[i] = await spawnServer("redis-server", argsOf(port), port, lifetimeSeconds);
      for (const p of ports) await until(`cluster_state:ok on ${p} after the restart of ${port}`, async () => (await cli(p, "CLUSTER", "INFO")).includes("cluster_state:ok"), 30_000);
    },
    close,
  };
}
