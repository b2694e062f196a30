import { randomBytes } from "node:crypto";
import type { ReleaseLock } from "@auth/core";
import type { CommandRunner } from "./command-runner.js";
import type { KeyScheme } from "./key-scheme.js";
import type { LockWaiters } from "./lock-waiters.js";
import type { RedisTopology } from "./redis-connection.js";
import { RedisStoreError } from "./redis-store-error.js";
import { ACQUIRE, RELEASE, RENEW } from "./scripts.js";

/**
 * The cross-process lock behind single flight: `SET lock <owner> NX PX ttl` (Lua, returning the
 * holder's remaining TTL when taken), renewal and release only by the owner (compare-and-delete),
 * and a release that wakes the waiters. A waiter never sleeps past the holder's remaining TTL,
 * so a dead holder delays the fleet by at most the TTL; it gives up after 3 × the TTL.
 */
export function createRedisLock(runner: CommandRunner, scheme: KeyScheme, waiters: LockWaiters, topology: RedisTopology) {
  // A cluster wakes waiters on the key's shard channel (SPUBLISH), the others on one channel.
  const sharded = topology === "cluster";

  function hold(key: string, owner: string, ttl: number): ReleaseLock {
    const lockKey = scheme.lock(key);
    // A live holder keeps its lock while it fetches (a slow token endpoint is not a dead
    // holder); when the process dies, renewals stop and the lock expires within `ttl`.
    const renew = setInterval(() => {
      runner.evalScript(RENEW, [lockKey], [owner, String(ttl)]).then(
        (r) => {
          if (Number(r) !== 1) clearInterval(renew);
        },
        () => {},
      );
    }, Math.max(10, Math.floor(ttl / 3)));
    renew.unref?.();
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      clearInterval(renew);
      const channel = sharded ? scheme.shardChannel(key) : scheme.channel;
      await runner.evalScript(RELEASE, [lockKey], [owner, channel, sharded ? "s" : ""]);
    };
  }

  return async function lock(key: string, ttl: number): Promise<ReleaseLock> {
    const lockKey = scheme.lock(key);
    const owner = `${process.pid}:${randomBytes(12).toString("hex")}`;
    // A hard bound, for a holder that stays alive and keeps renewing far too long.
    const giveUpAt = Date.now() + 3 * ttl;
    let backoff = 5;
    for (;;) {
      const release = waiters.expect(key);
      try {
        const result = Number(await runner.evalScript(ACQUIRE, [lockKey], [owner, String(ttl)]));
        if (result === -1) return hold(key, owner, ttl);
        const now = Date.now();
        if (now >= giveUpAt) {
          throw new RedisStoreError(`Waited ${now - (giveUpAt - 3 * ttl)} ms for the lock on "${key}"; fetching without it.`, {
            hint: "Another process kept renewing the lock for 3 × lockTtlMs: check for a token request that hangs there, or raise lockTtlMs if token requests are really that slow.",
          });
        }
        waiters.subscribe(key);
        // Never sleep past the holder's remaining TTL: a dead holder's lock frees then.
        const jittered = backoff * (0.5 + Math.random() / 2);
        await release.wait(Math.min(jittered, result + 1, giveUpAt - now));
        backoff = Math.min(backoff * 2, 100);
      } finally {
        release.cancel();
      }
    }
  };
}
