import { createClient, createCluster, createSentinel, type RedisClusterOptions, type RedisSentinelOptions } from "redis";

/**
 * The part of a node-redis client (`redis` package, v5 or later) that the store uses. A client
 * from `createClient()` fits as is, whatever its modules, scripts or RESP version; so does a
 * test double. Every command goes through `sendCommand`, so the store needs nothing else.
 */
export interface RedisClientLike {
  /** True once `connect()` was called and until the client is closed (also while reconnecting). */
  readonly isOpen: boolean;
  /** True while connected and able to run commands. */
  readonly isReady: boolean;
  /** Open the connection (the store calls it on first use when `isOpen` is false). */
  connect(): Promise<unknown>;
  /** Run one command, e.g. `["GET", key]`; rejects when it fails. */
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
  /** A second connection with the same options, for pub/sub (a subscribed connection takes no other commands). */
  duplicate(): RedisSubscriberLike;
  /** Connection errors; the store listens so node-redis does not crash the process with them. */
  on(event: "error", listener: (error: Error) => void): unknown;
  /** Close after pending replies (used for a client the store made, when `destroy` is missing). */
  close?(): Promise<unknown>;
  /** Close at once (used for a client the store made). */
  destroy?(): unknown;
}

/** The connection {@link RedisClientLike.duplicate} returns, used only to subscribe. */
export interface RedisSubscriberLike {
  /** As {@link RedisClientLike.isOpen}. */
  readonly isOpen: boolean;
  /** Open the subscriber connection. */
  connect(): Promise<unknown>;
  /** Call `listener` with each message published on `channel`. */
  subscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<unknown>;
  /** Connection errors (ignored: waiters fall back to polling). */
  on(event: "error", listener: (error: Error) => void): unknown;
  destroy?(): unknown;
  close?(): Promise<unknown>;
}

/** A listener for pub/sub messages. */
export type MessageListener = (message: string, channel: string) => unknown;

/**
 * The part of a node-redis cluster client (`createCluster()` from `redis`) the store uses.
 * Commands are routed by their first key; `MOVED` and `ASK` answers are followed by the client.
 */
export interface RedisClusterLike {
  /** True once `connect()` succeeded and until the client is closed. */
  readonly isOpen: boolean;
  /** True while the client can run commands. */
  readonly isReady: boolean;
  /** Discover the topology and connect (the store calls it on first use; again after a failed discovery). */
  connect(): Promise<unknown>;
  /** Run one command on the shard that owns `firstKey`. */
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[], options?: { timeout?: number }): Promise<unknown>;
  /** Sharded pub/sub (Redis 7): subscribes on the shard that owns the channel's slot. */
  sSubscribe(channel: string, listener: MessageListener): Promise<unknown>;
  /** Drop a subscription (on close, for a client the store did not make). */
  sUnsubscribe?(channel: string, listener: MessageListener): Promise<unknown>;
  /** Any node of the cluster (node-redis has it; the store uses it to tell a cluster from a single client). */
  getRandomNode(): unknown;
  /** Connection errors; the store listens so node-redis does not crash the process with them. */
  on(event: "error", listener: (error: Error) => void): unknown;
  /** Close after pending replies. */
  close?(): Promise<unknown>;
  /** Close at once. */
  destroy?(): unknown;
}

/** The part of a node-redis Sentinel client (`createSentinel()` from `redis`) the store uses. */
export interface RedisSentinelLike {
  /** True once `connect()` was called and until the client is closed. */
  readonly isOpen: boolean;
  /** True while a primary is known and connected. */
  readonly isReady: boolean;
  /** Ask the sentinels for the primary and connect to it. */
  connect(): Promise<unknown>;
  /** Run one command on the current primary. */
  sendCommand(isReadonly: boolean | undefined, args: string[], options?: { timeout?: number }): Promise<unknown>;
  /** Pub/sub on the current primary (node-redis moves the subscription after a failover). */
  subscribe(channel: string, listener: MessageListener): Promise<unknown>;
  /** Drop a subscription (on close, for a client the store did not make). */
  unsubscribe?(channel: string, listener: MessageListener): Promise<unknown>;
  /** A client lease (node-redis has it; the store uses it to tell Sentinel from a single client). */
  acquire(): Promise<unknown>;
  /** Connection errors; the store listens so node-redis does not crash the process with them. */
  on(event: "error", listener: (error: Error) => void): unknown;
  /** Close after pending replies. */
  close?(): Promise<unknown>;
  /** Close at once. */
  destroy?(): unknown;
}

export interface FailFastClientOptions {
  url: string;
  /** Give up connecting after this long (ms). */
  connectTimeoutMs: number;
  /** Longest pause between reconnection attempts (ms). */
  maxReconnectDelayMs: number;
}

/**
 * A node-redis client tuned so the token cache never waits on a broken Redis:
 * - `disableOfflineQueue`: while disconnected, commands fail at once instead of queueing
 *   until Redis returns (the default queue is unbounded and would stall every request);
 * - a short connect timeout and reconnection forever with capped exponential backoff, so the
 *   store recovers by itself when Redis comes back;
 * - no `pingInterval`, no client-side cache: one GET per cold cache is all the traffic.
 * Command timeouts are passed per command by the store.
 */
export function createFailFastClient(options: FailFastClientOptions): RedisClientLike {
  return createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(25 * 2 ** Math.min(retries, 10), options.maxReconnectDelayMs),
    },
  });
}

/** The fail-fast settings of {@link createFailFastClient} for the connections of a cluster or Sentinel client. */
function failFastNode(options: Omit<FailFastClientOptions, "url">) {
  return {
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(25 * 2 ** Math.min(retries, 10), options.maxReconnectDelayMs),
    },
  };
}

/** Credentials and TLS of a `redis://` URL, applied to every node of a cluster (node-redis takes them from `defaults` only). */
function urlDefaults(url: string): { username?: string; password?: string; socket?: { tls: true } } {
  const u = new URL(url);
  return {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === "rediss:" ? { socket: { tls: true as const } } : {}),
  };
}

/**
 * A node-redis cluster client with the same fail-fast settings on every node connection. Takes
 * root-node URLs (credentials of the first URL apply to all nodes) or node-redis cluster
 * options, whose `defaults` win over ours except where noted in the README.
 */
export function createFailFastCluster(
  cluster: readonly string[] | Pick<RedisClusterOptions, "rootNodes" | "defaults">,
  options: Omit<FailFastClientOptions, "url">,
): RedisClusterLike {
  const node = failFastNode(options);
  const given = Array.isArray(cluster)
    ? { rootNodes: cluster.map((url) => ({ url })), defaults: cluster[0] ? urlDefaults(cluster[0]) : {} }
    : (cluster as Pick<RedisClusterOptions, "rootNodes" | "defaults">);
  const defaults = given.defaults ?? {};
  return createCluster({
    ...given,
    defaults: { ...node, ...defaults, socket: { ...node.socket, ...defaults.socket } } as RedisClusterOptions["defaults"],
  }) as unknown as RedisClusterLike;
}

/** A node-redis Sentinel client whose connections to the primary fail fast. */
export function createFailFastSentinel(sentinel: RedisSentinelOptions, options: Omit<FailFastClientOptions, "url">): RedisSentinelLike {
  const node = failFastNode(options);
  const given = sentinel.nodeClientOptions ?? {};
  return createSentinel({
    // node-redis re-reads the topology on some sentinel events, but a primary that was killed
    // (not failed over by SENTINEL FAILOVER) was noticed only by a periodic scan, which is off
    // by default: measured, the store kept timing out on the dead primary after the promotion.
    // One SENTINEL query a second bounds that to about a second.
    scanInterval: 1000,
    ...sentinel,
    nodeClientOptions: { ...node, ...given, socket: { ...node.socket, ...given.socket } } as RedisSentinelOptions["nodeClientOptions"],
    sentinelClientOptions: { socket: { connectTimeout: options.connectTimeoutMs }, ...sentinel.sentinelClientOptions },
  }) as unknown as RedisSentinelLike;
}
