import type { MessageListener, RedisClientLike, RedisClusterLike, RedisSentinelLike, RedisSubscriberLike } from "./redis-client.js";

/** Which kind of Redis deployment the store talks to. */
export type RedisTopology = "single" | "cluster" | "sentinel";

/**
 * One shape for the three node-redis clients (single server, Cluster, Sentinel), so the rest of
 * the store sends `["GET", key]` without caring where `key` lives.
 */
export interface RedisConnection {
  readonly topology: RedisTopology;
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  /** One command whose first key is `key` (a cluster routes it to that key's shard). */
  send(args: string[], key: string, timeoutMs: number): Promise<unknown>;
  /**
   * Deliver the messages of `channel` to `listener`: a second connection for a single server,
   * sharded pub/sub (`SSUBSCRIBE`, on the channel's shard) for a cluster, the primary's pub/sub
   * (moved by node-redis after a failover) for Sentinel.
   */
  subscribe(channel: string, listener: MessageListener): Promise<unknown>;
  /** Drop the subscriptions, and close the client too when the store made it. */
  close(): Promise<void>;
}

export const isCluster = (c: object): c is RedisClusterLike => typeof (c as Partial<RedisClusterLike>).getRandomNode === "function";
export const isSentinel = (c: object): c is RedisSentinelLike => typeof (c as Partial<RedisSentinelLike>).acquire === "function";

type AnyClient = RedisClientLike | RedisClusterLike | RedisSentinelLike;

const quietly = async (f: (() => unknown) | undefined) => {
  try {
    await f?.();
  } catch {}
};

/** Wraps a node-redis client (or a structurally equal one); `owned`: the store made it and closes it. */
export function redisConnection(client: AnyClient, owned: boolean): RedisConnection {
  // node-redis throws an unhandled 'error' event (a crash) when nobody listens; failures reach
  // callers through rejected commands instead.
  if (owned) client.on("error", () => {});
  const subscriptions: [string, MessageListener][] = [];
  const closeClient = async () => {
    if (!owned) return;
    if (client.destroy) await quietly(() => client.destroy?.());
    else await quietly(() => client.close?.());
  };
  if (isCluster(client)) {
    return withGetters(client, {
      topology: "cluster",
      connect: () => client.connect(),
      send: (args, key, timeout) => client.sendCommand(key, false, args, { timeout }),
      async subscribe(channel, listener) {
        subscriptions.push([channel, listener]);
        await client.sSubscribe(channel, listener);
      },
      async close() {
        if (!owned) for (const [ch, l] of subscriptions) await quietly(() => client.sUnsubscribe?.(ch, l));
        await closeClient();
      },
    });
  }
  if (isSentinel(client)) {
    return withGetters(client, {
      topology: "sentinel",
      connect: () => client.connect(),
      send: (args, _key, timeout) => client.sendCommand(false, args, { timeout }),
      async subscribe(channel, listener) {
        subscriptions.push([channel, listener]);
        await client.subscribe(channel, listener);
      },
      async close() {
        if (!owned) for (const [ch, l] of subscriptions) await quietly(() => client.unsubscribe?.(ch, l));
        await closeClient();
      },
    });
  }
  // A single server: a subscribed connection takes no other commands, hence a duplicate.
  let subscriber: Promise<RedisSubscriberLike> | undefined;
  let made: RedisSubscriberLike | undefined;
  return withGetters(client, {
    topology: "single",
    connect: () => client.connect(),
    send: (args, _key, timeout) => client.sendCommand(args, { timeout }),
    async subscribe(channel, listener) {
      subscriber ??= (async () => {
        const sub = client.duplicate();
        made = sub;
        sub.on("error", () => {});
        // node-redis re-subscribes by itself after a reconnection.
        await sub.connect();
        return sub;
      })();
      try {
        await (await subscriber).subscribe(channel, listener);
      } catch (error) {
        subscriber = undefined;
        const sub = made;
        made = undefined;
        await quietly(() => sub?.destroy?.());
        throw error;
      }
    },
    async close() {
      const sub = made;
      made = undefined;
      subscriber = undefined;
      await quietly(() => sub?.destroy?.());
      await closeClient();
    },
  });
}

function withGetters(client: { readonly isOpen: boolean; readonly isReady: boolean }, rest: Omit<RedisConnection, "isOpen" | "isReady">): RedisConnection {
  return Object.defineProperties(rest, {
    isOpen: { get: () => client.isOpen, enumerable: true },
    isReady: { get: () => client.isReady, enumerable: true },
  }) as RedisConnection;
}
