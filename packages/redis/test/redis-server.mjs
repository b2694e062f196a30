// A real redis-server for tests and benchmarks: loopback only, a free port, a temp dir, no
// persistence (`--save "" --appendonly no`), stopped (and its dir removed) afterwards.
// Plain JS so bench/suites/redis.mjs can use it too; types in redis-server.d.mts.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function ping(port) {
  return new Promise((resolve) => {
    const sock = connect(port, "127.0.0.1");
    let data = "";
    sock.once("connect", () => sock.write("PING\r\n"));
    sock.on("data", (d) => {
      data += d;
      if (data.includes("\r\n")) {
        sock.destroy();
        resolve(data.startsWith("+PONG"));
      }
    });
    sock.once("error", () => resolve(false));
    setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, 500).unref();
  });
}

export function redisServerAvailable() {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * Start redis-server. `stop()` kills it (SIGKILL: an abrupt outage, as a crash would be),
 * `start()` starts it again on the same port, `close()` stops it for good and removes the dir.
 */
export async function startRedisServer({ port } = {}) {
  if (!redisServerAvailable()) {
    throw new Error("redis-server is not installed: run scripts/ensure-redis.sh (installs the Debian package redis-server)");
  }
  const dir = mkdtempSync(join(tmpdir(), "auth-redis-"));
  const chosen = port ?? (await freePort());
  let child;
  const start = async () => {
    if (child) return;
    const proc = spawn(
      "redis-server",
      ["--port", String(chosen), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning", "--daemonize", "no"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    proc.stderr.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    child = { proc, exited };
    const t0 = Date.now();
    while (!(await ping(chosen))) {
      if (proc.exitCode !== null || Date.now() - t0 > 5000) {
        child = undefined;
        proc.kill("SIGKILL");
        throw new Error(`redis-server did not start on 127.0.0.1:${chosen}: ${stderr.slice(0, 500)}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const stop = async () => {
    if (!child) return;
    const { proc, exited } = child;
    child = undefined;
    proc.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    get pid() {
      return child?.proc.pid;
    },
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
