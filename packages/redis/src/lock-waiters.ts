import type { KeyScheme } from "./key-scheme.js";
import type { RedisConnection } from "./redis-connection.js";

/** A waiter's registration for one lock: sleep until the release message or a timeout. */
export interface ReleaseWatch {
  /** Resolves after `ms`, or earlier when the lock's release is announced (also if it already was). */
  wait(ms: number): Promise<void>;
  cancel(): void;
}

/**
 * Wakes lock waiters the moment the holder releases, by pub/sub. The holder's release script
 * publishes the lock key: on a single server or Sentinel on one channel for all keys
 * (`PUBLISH`), on a cluster on the key's own shard channel (`SPUBLISH`, Redis 7), which lives in
 * the key's hash slot, so the message is published and delivered by the shard that holds the
 * lock, and never depends on the cluster bus carrying it to another node.
 *
 * Wake-ups only shorten waits: waiters poll with backoff (5 → 100 ms) either way, so a lost
 * message (a failover, a Redis 6 cluster without sharded pub/sub) costs at most one backoff.
 */
export interface LockWaiters {
  /** Register before each attempt, so a release between the attempt and the sleep is not missed. */
  expect(key: string): ReleaseWatch;
  /** Subscribe (once) to the wake-ups for `key`; failures are silent (polling still works). */
  subscribe(key: string): void;
}

export function createLockWaiters(connection: RedisConnection, scheme: KeyScheme, enabled: boolean): LockWaiters {
  const waiters = new Map<string, Set<() => void>>();
  const subscribed = new Set<string>();
  const onMessage = (lockKey: string) => {
    const set = waiters.get(lockKey);
    if (set) for (const wake of set) wake();
  };

  return {
    subscribe(key) {
      if (!enabled) return;
      const channel = connection.topology === "cluster" ? scheme.shardChannel(key) : scheme.channel;
      if (subscribed.has(channel)) return;
      subscribed.add(channel);
      // Redis down, a client that cannot subscribe, a server without SSUBSCRIBE: try again on
      // the next contended lock; waiters poll meanwhile.
      connection.subscribe(channel, onMessage).catch(() => subscribed.delete(channel));
    },

    expect(key) {
      const lockKey = scheme.lock(key);
      let woken = false;
      let wake: () => void = () => {
        woken = true;
      };
      const listener = () => wake();
      const set = waiters.get(lockKey) ?? new Set<() => void>();
      waiters.set(lockKey, set);
      set.add(listener);
      return {
        cancel() {
          set.delete(listener);
          if (set.size === 0 && waiters.get(lockKey) === set) waiters.delete(lockKey);
        },
        wait: (ms) =>
          woken
            ? Promise.resolve()
            : new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, Math.max(0, ms));
                wake = () => {
                  clearTimeout(timer);
                  resolve();
                };
              }),
      };
    },
  };
}
