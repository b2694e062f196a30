import { createClient } from "redis";

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
