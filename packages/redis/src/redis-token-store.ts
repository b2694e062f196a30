import { type AccessToken, type Clock, ConfigurationError, type Logger, type ReleaseLock, silentLogger, systemClock, type TokenStore } from "@auth/core";
import type { RedisClusterOptions, RedisSentinelOptions } from "redis";
import { createCommandRunner } from "./command-runner.js";
import { keyScheme } from "./key-scheme.js";
import { createLockWaiters } from "./lock-waiters.js";
import {
  createFailFastClient,
  createFailFastCluster,
  createFailFastSentinel,
  type RedisClientLike,
  type RedisClusterLike,
  type RedisSentinelLike,
} from "./redis-client.js";
import { type RedisConnection, type RedisTopology, redisConnection } from "./redis-connection.js";
import { createRedisLock } from "./redis-lock.js";
import { RedisStoreError } from "./redis-store-error.js";
import { checkRedisUrl, guardRedisUrl } from "./redis-url.js";
import { DELETE_IF_FINGERPRINT } from "./scripts.js";
import { encryptingCodec, plainCodec, type TokenCodec, UndecryptableError } from "./token-codec.js";

export { RedisStoreError } from "./redis-store-error.js";

export interface RedisTokenStoreOptions {
  /**
   * A node-redis client, connected or not: `createClient()`, `createCluster()` or
   * `createSentinel()` from `redis` (told apart by their methods). The store connects it when
   * needed and never closes it. Give it `disableOfflineQueue: true` (for a cluster or Sentinel:
   * in `defaults` / `nodeClientOptions`) so commands fail at once while Redis is down.
   * Exactly one of `client`, `url`, `cluster` or `sentinel`.
   */
  client?: RedisClientLike | RedisClusterLike | RedisSentinelLike;
  /** `redis://[[user]:password@]host[:port][/db]` (or `rediss://`): the store makes and owns a fail-fast client. */
  url?: string;
  /**
   * A Redis Cluster: root-node URLs (`["redis://10.0.0.1:7000", …]`; the first URL's user,
   * password and `rediss:` apply to every node), node-redis cluster options (`{ rootNodes,
   * defaults }`), or a `createCluster()` client. From URLs or options the store makes and owns
   * a fail-fast cluster client.
   */
  cluster?: readonly string[] | Pick<RedisClusterOptions, "rootNodes" | "defaults"> | RedisClusterLike;
  /**
   * A Sentinel-managed primary: node-redis Sentinel options (`{ name: "mymaster",
   * sentinelRootNodes: [{ host, port }, …] }`) or a `createSentinel()` client.
   */
  sentinel?: RedisSentinelOptions | RedisSentinelLike;
  /** Prepended to every key and channel the store uses. Default `"auth:"`. No `{` or `}` (hash tags are the store's). */
  prefix?: string;
  /**
   * Lock time-to-live (ms): how long a dead lock holder blocks the fleet. A live holder renews
   * its lock every third of it until it releases. When set, wins over the cache's `lockTtlMs`
   * (one fleet-wide value); otherwise the cache's value is used (core default 10 s).
   */
  lockTtlMs?: number;
  /**
   * AES-GCM key (16, 24 or 32 bytes, as a `Uint8Array` or base64 string, e.g. from
   * `openssl rand -base64 32`) to encrypt tokens at rest, or several keys while rotating: the
   * first encrypts, all decrypt. Every process of the fleet needs the same key(s). A value that
   * does not decrypt (a key not in the list, tampered) is a miss, logged once.
   */
  encryptionKey?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Where warnings go (a value that does not decrypt). `console` fits. Default: silent. */
  logger?: Logger;
  /**
   * The clock the tokens' `expiresAt` comes from, to turn it into a time-to-live: pass the
   * same clock as the cache's `clock` option when you inject one. Default `Date.now`.
   */
  clock?: Clock;
  /**
   * Longest wait (ms) for any one Redis command before it counts as failed, so a stalled Redis
   * cannot stall requests: the cache then fetches locally. Default 500.
   */
  commandTimeoutMs?: number;
  /** After a command timed out, fail further commands at once for this long (ms). Default 1000. */
  cooldownMs?: number;
  /** With `url`, `cluster` or `sentinel` options: give up a connection attempt after this long (ms). Default 1000. */
  connectTimeoutMs?: number;
  /**
   * Wake lock waiters by pub/sub the moment the holder releases (a single server: one extra
   * connection per process; a cluster: sharded pub/sub on the lock's shard). Waiters also poll
   * with backoff either way. Default `true`.
   */
  notify?: boolean;
}

/** A {@link TokenStore} on Redis, with the cross-process lock; `close()` when done. */
export interface RedisTokenStore extends TokenStore {
  /**
   * Cross-process lock for single flight (`SET NX PX`, owner-checked release and renewal):
   * resolves once held, or throws {@link RedisStoreError} after 3 × the TTL of waiting.
   */
  lock(key: string, ttlMs: number): Promise<ReleaseLock>;
  /** The Redis key a cache key is stored under (for inspection and tests): `<prefix>token:{<key>}`. */
  redisKey(key: string): string;
  /** Which deployment the store talks to. */
  readonly topology: RedisTopology;
  /** Closes the connections the store made (not a client you passed in). */
  close(): Promise<void>;
}

function positive(v: number | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0) throw new ConfigurationError(`The option "${name}" must be a positive number of milliseconds.`);
  return v;
}

function connectionFrom(options: RedisTokenStoreOptions, connectTimeoutMs: number): RedisConnection {
  const given = (["client", "url", "cluster", "sentinel"] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1) {
    throw new ConfigurationError(`createRedisTokenStore needs exactly one of the options "client", "url", "cluster" or "sentinel" (got ${given.length}).`, {
      hint: 'Pass url: "redis://127.0.0.1:6379", cluster: ["redis://host:7000", …], sentinel: { name, sentinelRootNodes }, or a node-redis client.',
    });
  }
  const failFast = { connectTimeoutMs, maxReconnectDelayMs: 1000 };
  const isClient = (v: unknown) => typeof (v as { sendCommand?: unknown }).sendCommand === "function";
  if (options.client) return redisConnection(options.client, false);
  // URLs are checked first: node-redis's errors for a bad one are untyped and quote it (the password).
  if (options.url !== undefined) return redisConnection(guardRedisUrl("url", () => createFailFastClient({ url: checkRedisUrl(options.url), ...failFast })), true);
  if (options.cluster) {
    if (isClient(options.cluster)) return redisConnection(options.cluster as RedisClusterLike, false);
    const urls = Array.isArray(options.cluster) ? options.cluster.map((u) => checkRedisUrl(u, "cluster")) : (options.cluster as readonly string[]);
    return redisConnection(guardRedisUrl("cluster", () => createFailFastCluster(urls, failFast)), true);
  }
  const sentinel = options.sentinel as RedisSentinelOptions | RedisSentinelLike;
  if (isClient(sentinel)) return redisConnection(sentinel as RedisSentinelLike, false);
  return redisConnection(createFailFastSentinel(sentinel as RedisSentinelOptions, failFast), true);
}

/**
 * A token store shared by a fleet of processes, on Redis (DESIGN.md "Token cache"): a single
 * server, a Redis Cluster, or a Sentinel-managed primary.
 *
 * - Keys expire with their token (`PX` = time to expiry), so Redis never serves a dead token.
 * - `lock()` gives single flight across processes (see `redis-lock.ts`).
 * - `delete(key, token)` is atomic (Lua): it only removes that token (invalidate by value).
 * - A token, its lock and its wake-up channel share a `{…}` hash tag, hence a cluster shard.
 * - Every command has a deadline and fails fast while Redis is down, so core's cache falls
 *   back to fetching locally and resumes sharing when Redis is back.
 *
 * @example
 * ```ts
 * import { createBearerAuth, requestToken } from "@auth/core";
 * import { createRedisTokenStore, tokenKey } from "@auth/redis";
 *
 * const store = createRedisTokenStore({ url: process.env.REDIS_URL, encryptionKey: process.env.TOKEN_KEY });
 * const auth = createBearerAuth({
 *   store,
 *   key: tokenKey({ provider: "example", baseUrl: "https://api.example.com", clientId: "my-client" }),
 *   fetchToken: () => requestToken({ url: "https://api.example.com/oauth/token", params: { grant_type: "client_credentials" }, clientAuth }),
 * });
 * ```
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  const commandTimeoutMs = positive(options.commandTimeoutMs, "commandTimeoutMs", 500);
  const cooldownMs = options.cooldownMs === 0 ? 0 : positive(options.cooldownMs, "cooldownMs", 1000);
  const connectTimeoutMs = positive(options.connectTimeoutMs, "connectTimeoutMs", 1000);
  const fixedLockTtl = options.lockTtlMs === undefined ? undefined : positive(options.lockTtlMs, "lockTtlMs", 10_000);
  const prefix = options.prefix ?? "auth:";
  if (prefix.includes("{") || prefix.includes("}")) {
    throw new ConfigurationError('The option "prefix" contains "{" or "}".', {
      hint: "The store puts each cache key in a {…} hash tag itself (so a token and its lock share a cluster slot); use a prefix without braces.",
    });
  }
  const logger = options.logger ?? silentLogger;
  const clock: Clock = options.clock ?? systemClock;
  const keys = options.encryptionKey;
  const codec: TokenCodec = keys === undefined ? plainCodec() : encryptingCodec(Array.isArray(keys) ? keys : [keys as string | Uint8Array]);
  const connection = connectionFrom(options, connectTimeoutMs);
  const runner = createCommandRunner(connection, { commandTimeoutMs, cooldownMs, connectTimeoutMs, reconnectAfterMs: 1000 });
  const scheme = keyScheme(prefix);
  const lock = createRedisLock(runner, scheme, createLockWaiters(connection, scheme, options.notify !== false), connection.topology);

  let closed = false;
  let warnedUndecryptable = false;
  function warnUndecryptable(key: string, error: UndecryptableError): void {
    if (warnedUndecryptable) return;
    warnedUndecryptable = true;
    logger.warn(`Redis token store: ignoring the token under "${key}": ${error.message}. Treated as a miss (warned once).`);
  }

  return {
    redisKey: scheme.token,
    topology: connection.topology,

    async get(key) {
      const redisKey = scheme.token(key);
      const value = await runner.command(["GET", redisKey], redisKey);
      if (typeof value !== "string") return undefined;
      try {
        return await codec.decode(redisKey, value);
      } catch (error) {
        if (error instanceof UndecryptableError) {
          warnUndecryptable(key, error);
          return undefined;
        }
        throw error;
      }
    },

    async set(key, token: AccessToken) {
      const redisKey = scheme.token(key);
      const value = await codec.encode(redisKey, token);
      if (token.expiresAt === undefined) {
        await runner.command(["SET", redisKey, value], redisKey);
        return;
      }
      const ttl = Math.floor(token.expiresAt - clock());
      // Already expired: writing it would only serve a dead token to the fleet (and deleting
      // instead could drop a fresh token another process has just written).
      if (ttl > 0) await runner.command(["SET", redisKey, value, "PX", String(ttl)], redisKey);
    },

    async delete(key, accessToken) {
      const redisKey = scheme.token(key);
      if (accessToken === undefined) {
        await runner.command(["DEL", redisKey], redisKey);
        return;
      }
      await runner.evalScript(DELETE_IF_FINGERPRINT, [redisKey], await codec.fingerprints(accessToken));
    },

    lock: (key, ttlMs) => lock(key, Math.max(1, Math.round(fixedLockTtl ?? ttlMs))),

    async close() {
      if (closed) return;
      closed = true;
      runner.close();
      await connection.close();
    },
  };
}
