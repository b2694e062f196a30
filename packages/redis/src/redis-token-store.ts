import { randomBytes } from "node:crypto";
import { type AccessToken, type Clock, ConfigurationError, type Logger, type ReleaseLock, silentLogger, systemClock, type TokenStore } from "@auth/core";
import { createFailFastClient, type RedisClientLike, type RedisSubscriberLike } from "./redis-client.js";
import { ACQUIRE, DELETE_IF_FINGERPRINT, type LuaScript, RELEASE, RENEW } from "./scripts.js";
import { encryptingCodec, plainCodec, type TokenCodec, UndecryptableError } from "./token-codec.js";

export interface RedisTokenStoreOptions {
  /**
   * A node-redis client (`createClient()` from `redis`), connected or not: the store connects
   * it when needed and never closes it. Give it `disableOfflineQueue: true` so commands fail
   * at once while Redis is down (otherwise they wait up to `commandTimeoutMs`). One of `client` or `url`.
   */
  client?: RedisClientLike;
  /** `redis://[[user]:password@]host[:port][/db]` (or `rediss://`): the store makes and owns a fail-fast client. */
  url?: string;
  /** Prepended to every key and channel the store uses. Default `"auth:"`. */
  prefix?: string;
  /**
   * Lock time-to-live (ms): how long a dead lock holder blocks the fleet. A live holder renews
   * its lock every third of it until it releases. When set, wins over the cache's `lockTtlMs`
   * (one fleet-wide value); otherwise the cache's value is used (core default 10 s).
   */
  lockTtlMs?: number;
  /**
   * AES-GCM key (16, 24 or 32 bytes, as a `Uint8Array` or base64 string, e.g. from
   * `openssl rand -base64 32`) to encrypt tokens at rest. Every process of the fleet needs the
   * same key. A value that does not decrypt (another key, tampered) is a miss, logged once.
   */
  encryptionKey?: string | Uint8Array;
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
  /** With `url`: give up a connection attempt after this long (ms). Default 1000. */
  connectTimeoutMs?: number;
  /**
   * Wake lock waiters by pub/sub the moment the holder releases (one extra connection per
   * process, made on the first contended lock). Waiters also poll with backoff either way.
   * Default `true`.
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
  /** The Redis key a cache key is stored under (for inspection and tests). */
  redisKey(key: string): string;
  /** Closes the connections the store made (not a client you passed in). */
  close(): Promise<void>;
}

/** A Redis command failed or timed out. The token cache treats it as "store unavailable". */
export class RedisStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedisStoreError";
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)).unref?.());

/**
 * A token store shared by a fleet of processes, on Redis (DESIGN.md "Token cache").
 *
 * - Keys expire with their token (`PX` = time to expiry), so Redis never serves a dead token.
 * - `lock()` gives single flight across processes: `SET NX PX` with a random owner value;
 *   release and renewal only by the owner (Lua compare-and-delete); waiters are woken by
 *   pub/sub and poll with backoff, never sleeping past the holder's remaining TTL, so a dead
 *   holder delays the fleet by at most `lockTtlMs`.
 * - `delete(key, token)` is atomic (Lua): it only removes that token (invalidate by value).
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
  if ((options.client === undefined) === (options.url === undefined)) {
    throw new ConfigurationError("createRedisTokenStore needs exactly one of the options \"client\" or \"url\".", {
      hint: 'Pass url: "redis://127.0.0.1:6379" or a client from createClient() of the "redis" package.',
    });
  }
  const positive = (v: number | undefined, name: string, fallback: number): number => {
    if (v === undefined) return fallback;
    if (!Number.isFinite(v) || v <= 0) throw new ConfigurationError(`The option "${name}" must be a positive number of milliseconds.`);
    return v;
  };
  const commandTimeoutMs = positive(options.commandTimeoutMs, "commandTimeoutMs", 500);
  const cooldownMs = options.cooldownMs === 0 ? 0 : positive(options.cooldownMs, "cooldownMs", 1000);
  const connectTimeoutMs = positive(options.connectTimeoutMs, "connectTimeoutMs", 1000);
  const fixedLockTtl = options.lockTtlMs === undefined ? undefined : positive(options.lockTtlMs, "lockTtlMs", 10_000);
  const prefix = options.prefix ?? "auth:";
  const logger = options.logger ?? silentLogger;
  const clock: Clock = options.clock ?? systemClock;
  const codec: TokenCodec = options.encryptionKey === undefined ? plainCodec() : encryptingCodec(options.encryptionKey);
  const owned = options.client === undefined;
  const client: RedisClientLike =
    options.client ?? createFailFastClient({ url: options.url as string, connectTimeoutMs, maxReconnectDelayMs: 1000 });
  // node-redis throws an unhandled 'error' event (a crash) when nobody listens; failures
  // reach callers through rejected commands instead.
  if (owned) client.on("error", () => {});
  const releasedChannel = `${prefix}lock-released`;
  const tokenKeyOf = (key: string) => `${prefix}token:${key}`;
  const lockKeyOf = (key: string) => `${prefix}lock:${key}`;

  let closed = false;
  let firstConnect: Promise<unknown> | undefined;
  let coolUntil = 0;
  let warnedUndecryptable = false;

  async function connected(): Promise<void> {
    if (closed) throw new RedisStoreError("The Redis token store is closed.");
    if (!client.isOpen && firstConnect === undefined) {
      firstConnect = client.connect().catch(() => undefined);
    }
    // Only the first connection is waited for (briefly); after that, an outage fails at once.
    if (!client.isReady && firstConnect !== undefined) {
      const first = firstConnect;
      await Promise.race([first, sleep(connectTimeoutMs)]);
    }
  }

  async function command(args: string[]): Promise<unknown> {
    if (Date.now() < coolUntil) throw new RedisStoreError("Redis timed out recently; not waiting on it again yet.");
    await connected();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // node-redis' own per-command timeout covers only the time before the command is written;
    // a Redis that accepted the command and stalls would hang it. This deadline covers both.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        coolUntil = Date.now() + cooldownMs;
        reject(new RedisStoreError(`Redis did not answer ${args[0]} within ${commandTimeoutMs} ms.`));
      }, commandTimeoutMs);
    });
    try {
      return await Promise.race([client.sendCommand(args, { timeout: commandTimeoutMs }), deadline]);
    } catch (error) {
      if (error instanceof RedisStoreError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new RedisStoreError(`Redis ${args[0]} failed: ${reason}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async function evalScript(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await command(["EVALSHA", script.sha1, String(keys.length), ...keys, ...args]);
    } catch (error) {
      // A fresh or restarted Redis has no script cache: send the source once (it caches it).
      if (error instanceof RedisStoreError && /NOSCRIPT/.test(error.message)) {
        return command(["EVAL", script.source, String(keys.length), ...keys, ...args]);
      }
      throw error;
    }
  }

  // --- pub/sub wake-ups for lock waiters -------------------------------------------------
  const waiters = new Map<string, Set<() => void>>();
  let subscriber: RedisSubscriberLike | undefined;
  let subscribing: Promise<void> | undefined;

  function ensureSubscribed(): void {
    if (options.notify === false || closed || subscribing) return;
    subscribing = (async () => {
      const sub = client.duplicate();
      subscriber = sub;
      sub.on("error", () => {});
      // node-redis re-subscribes by itself after a reconnection.
      await sub.connect();
      await sub.subscribe(releasedChannel, (message) => {
        const set = waiters.get(message);
        if (set) for (const wake of set) wake();
      });
    })().catch(() => {
      // No pub/sub (Redis down, or a client that cannot duplicate): polling still works.
      const sub = subscriber;
      subscriber = undefined;
      subscribing = undefined;
      try {
        sub?.destroy?.();
      } catch {}
    });
  }

  /** Registered before each attempt, so a release between attempt and sleep is not missed. */
  function expectRelease(lockKey: string): { wait(ms: number): Promise<void>; cancel(): void } {
    let woken = false;
    let wake: () => void = () => {
      woken = true;
    };
    const listener = () => wake();
    const set = waiters.get(lockKey) ?? new Set<() => void>();
    waiters.set(lockKey, set);
    set.add(listener);
    const cancel = () => {
      set.delete(listener);
      if (set.size === 0 && waiters.get(lockKey) === set) waiters.delete(lockKey);
    };
    return {
      cancel,
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
  }

  function warnUndecryptable(key: string, error: UndecryptableError): void {
    if (warnedUndecryptable) return;
    warnedUndecryptable = true;
    logger.warn(`Redis token store: ignoring the token under "${key}": ${error.message}. Treated as a miss (warned once).`);
  }

  const store: RedisTokenStore = {
    redisKey: tokenKeyOf,

    async get(key) {
      const redisKey = tokenKeyOf(key);
      const value = await command(["GET", redisKey]);
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
      const redisKey = tokenKeyOf(key);
      const value = await codec.encode(redisKey, token);
      if (token.expiresAt === undefined) {
        await command(["SET", redisKey, value]);
        return;
      }
      const ttl = Math.floor(token.expiresAt - clock());
      // Already expired: writing it would only serve a dead token to the fleet (and deleting
      // instead could drop a fresh token another process has just written).
      if (ttl > 0) await command(["SET", redisKey, value, "PX", String(ttl)]);
    },

    async delete(key, accessToken) {
      const redisKey = tokenKeyOf(key);
      if (accessToken === undefined) {
        await command(["DEL", redisKey]);
        return;
      }
      await evalScript(DELETE_IF_FINGERPRINT, [redisKey], [await codec.fingerprint(accessToken)]);
    },

    async lock(key, ttlMs) {
      const ttl = Math.max(1, Math.round(fixedLockTtl ?? ttlMs));
      const lockKey = lockKeyOf(key);
      const owner = `${process.pid}:${randomBytes(12).toString("hex")}`;
      // A hard bound, for a holder that stays alive and keeps renewing far too long.
      const giveUpAt = Date.now() + 3 * ttl;
      let backoff = 5;
      for (;;) {
        const release = expectRelease(lockKey);
        try {
          const result = Number(await evalScript(ACQUIRE, [lockKey], [owner, String(ttl)]));
          if (result === -1) return holdLock(lockKey, owner, ttl);
          const now = Date.now();
          if (now >= giveUpAt) {
            throw new RedisStoreError(`Waited ${now - (giveUpAt - 3 * ttl)} ms for the lock on "${key}"; fetching without it.`);
          }
          ensureSubscribed();
          // Never sleep past the holder's remaining TTL: a dead holder's lock frees then.
          const jittered = backoff * (0.5 + Math.random() / 2);
          await release.wait(Math.min(jittered, result + 1, giveUpAt - now));
          backoff = Math.min(backoff * 2, 100);
        } finally {
          release.cancel();
        }
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      const sub = subscriber;
      subscriber = undefined;
      try {
        sub?.destroy?.();
      } catch {}
      if (owned) {
        try {
          if (client.destroy) client.destroy();
          else await client.close?.();
        } catch {}
      }
    },
  };

  function holdLock(lockKey: string, owner: string, ttl: number): ReleaseLock {
    // A live holder keeps its lock while it fetches (a slow token endpoint is not a dead
    // holder); when the process dies, renewals stop and the lock expires within `ttl`.
    const renew = setInterval(() => {
      evalScript(RENEW, [lockKey], [owner, String(ttl)]).then(
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
      await evalScript(RELEASE, [lockKey], [owner, releasedChannel]);
    };
  }

  return store;
}
