import { createClient } from "redis";

/**
 * The part of a node-redis client (`redis` package, v5 or later) that the store uses. A client
 * from `createClient()` fits as is, whatever its modules, scripts or RESP version; so does a
 * test double. Every command goes through `sendCommand`, so the store needs nothing else.
 */
export interface RedisClientLike {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
  /** A second connection with the same options, for pub/sub (a subscribed connection takes no other commands). */
  duplicate(): RedisSubscriberLike;
  on(event: "error", listener: (error: Error) => void): unknown;
  close?(): Promise<unknown>;
  destroy?(): unknown;
}

/** The connection {@link RedisClientLike.duplicate} returns, used only to subscribe. */
export interface RedisSubscriberLike {
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<unknown>;
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
