// A primary, a replica and three sentinels for the Sentinel tests: real servers on loopback,
// random free ports, a temp dir, no persistence, each under `timeout 600` and stopped by PID
// (helpers in cluster-servers.mjs). Types in sentinel-servers.d.mts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { available, base, cli, freePortPair, spawnServer, until } from "./cluster-servers.mjs";

/**
 * A primary, one replica and three sentinels (quorum 2) watching it as `mymaster`, with short
 * timeouts (down after 1 s, failover timeout 5 s) so a failover takes seconds.
 */
export async function startRedisSentinel({ name = "mymaster" } = {}) {
  if (!available("redis-sentinel")) throw new Error("redis-sentinel is not installed: run scripts/ensure-redis-sentinel.sh");
  const dir = mkdtempSync(join(tmpdir(), "auth-redis-sentinel-"));
  const started = [];
  const close = async () => {
    await Promise.all(started.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primaryPort = await freePortPair();
    const replicaPort = await freePortPair();
    const primary = await spawnServer("redis-server", base(dir, primaryPort), primaryPort);
    started.push(primary);
    const replica = await spawnServer("redis-server", [...base(dir, replicaPort), "--replicaof", "127.0.0.1", String(primaryPort)], replicaPort);
    started.push(replica);
    await until("the replica in sync", async () => (await cli(replicaPort, "INFO", "replication")).includes("master_link_status:up"));
    const sentinels = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePortPair();
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          "bind 127.0.0.1",
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 1`,
          "",
        ].join("\n"),
      );
      const s = await spawnServer("redis-sentinel", [conf, "--loglevel", "warning"], port);
      started.push(s);
      sentinels.push(s);
    }
    const nodes = { [primaryPort]: primary, [replicaPort]: replica };
    const masterPort = async () => Number((await cli(sentinels[0].port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", name)).split("\n")[1]);
    await until(
      "the sentinels to know each other and the replica",
      async () => {
        for (const s of sentinels) {
          const m = await cli(s.port, "SENTINEL", "MASTER", name);
          const f = m.split("\n");
          const get = (k) => Number(f[f.indexOf(k) + 1]);
          if (get("num-other-sentinels") !== 2 || get("num-slaves") !== 1) return false;
        }
        return true;
      },
      30_000,
    );
    return {
      name,
      primaryPort,
      replicaPort,
      nodes,
      sentinels,
      sentinelRootNodes: sentinels.map((s) => ({ host: "127.0.0.1", port: s.port })),
      masterPort,
      /** `SENTINEL FAILOVER`, then wait until the sentinels name the other server as primary. */
      async failover() {
        const before = await masterPort();
        await cli(sentinels[0].port, "SENTINEL", "FAILOVER", name);
        await until("the failover", async () => (await masterPort()) !== before, 30_000);
        return { from: before, to: await masterPort() };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
