import type { AccessToken } from "./access-token.js";
import { silentLogger, systemClock } from "./clock.js";
import { AuthError, ConfigurationError } from "./errors.js";
import { type Acquisition, cacheTelemetry } from "./telemetry/cache-telemetry.js";
import type { StoreOperation } from "./telemetry/names.js";
import { defaultRefreshWindow, type FetchTokenContext, type TokenCache, type TokenCacheOptions } from "./token-cache-types.js";
import { MemoryTokenStore, type TokenStore } from "./token-store.js";

export { defaultRefreshWindow, type FetchTokenContext, type RefreshWindow, type TokenCache, type TokenCacheOptions } from "./token-cache-types.js";


/**
 * The token cache every bearer provider inherits (DESIGN.md, "Token cache"):
 * cache first; refresh early; single flight (concurrent callers on a cold or stale cache
 * share one token request and its result or error); invalidate by value; failures are not
 * cached; time from an injectable clock. A store that fails (Redis down) is reported once
 * through the logger and bypassed, so requests keep working.
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  if (options.store !== undefined && (typeof options.key !== "string" || options.key === "")) {
    throw new ConfigurationError("A token store was given without a key: every provider on that store would read and overwrite the same token.", {
      hint: 'Pass key, e.g. storeKey({ provider: "example", baseUrl, account: clientId }) from @auth/core (provider, base URL and account, never a secret).',
    });
  }
  const store: TokenStore = options.store ?? new MemoryTokenStore();
  const clock = options.clock ?? systemClock;
  const key = options.key ?? "default";
  const logger = options.logger ?? silentLogger;
  const lockTtlMs = options.lockTtlMs ?? 10_000;
  const window = options.refreshWindow ?? defaultRefreshWindow;
  const telemetry = cacheTelemetry(key, options.telemetry);
  // Counted in place on the hot path: a memory hit costs one increment (telemetry/counters.ts).
  const counts = telemetry.counts;
  let current: AccessToken | undefined;
  let inflight: Promise<AccessToken> | undefined;
  let storeFailing = false;
  let rejected: string | undefined;
  // The token a 401 dropped: still the one being replaced, and its refresh token may be the
  // only way to a new one (RFC 6749 §6).
  let dropped: AccessToken | undefined;
  let warnedInstantExpiry = false;
  let warnedExpiryOf: string | undefined;

  const warnIfExpiring = (t: AccessToken): void => {
    const w = options.expiryWarning;
    if (!w || t.expiresAt === undefined || warnedExpiryOf === t.accessToken) return;
    const left = t.expiresAt - clock();
    if (left > w.beforeMs) return;
    warnedExpiryOf = t.accessToken;
    logger.warn(w.message(t, left));
  };
  // Bumped by clear(): a refresh that started before it must not bring the token back.
  let generation = 0;

  const isFresh = (t: AccessToken): boolean => {
    if (t.expiresAt === undefined) return true;
    if (options.canRefresh && !options.canRefresh(t)) return clock() < t.expiresAt;
    const lifetime = t.issuedAt === undefined ? undefined : t.expiresAt - t.issuedAt;
    let w = typeof window === "number" ? window : window(lifetime);
    // A token that lives shorter than the window (expires_in 30 with the 60 s default) would
    // be stale on arrival and cost a token request per API call: use it for half its life.
    if (lifetime !== undefined && w > lifetime / 2) w = lifetime / 2;
    return clock() < t.expiresAt - w;
  };

  // Store calls never fail a request: a broken store degrades to a per-process cache.
  async function safely<T>(what: StoreOperation, op: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await op();
      if (storeFailing) {
        storeFailing = false;
        logger.warn(`Token store is working again (${what}); sharing tokens resumes.`);
      }
      return result;
    } catch (error) {
      telemetry.storeError(what, error);
      if (!storeFailing) {
        storeFailing = true;
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn(`Token store failed (${what}: ${reason}); fetching tokens locally until it recovers.`);
      }
      return undefined;
    }
  }

  async function refresh(force: boolean, stale: AccessToken | undefined, acquisition: Acquisition): Promise<AccessToken> {
    const started = generation;
    const usable = (t: AccessToken | undefined): t is AccessToken =>
      t !== undefined && isFresh(t) && !(force && stale !== undefined && t.accessToken === stale.accessToken);
    // Kept even when unusable: its refresh token may be the only one (after a restart).
    let stored: AccessToken | undefined;
    if (!force) {
      stored = await safely("get", () => store.get(key));
      if (usable(stored)) return stored;
    }
    const lock = store.lock?.bind(store);
    const release = lock ? await acquisition.lock(() => safely("lock", () => lock(key, lockTtlMs))) : undefined;
    try {
      if (release) {
        // Double-checked: another process may have refreshed while we waited for the lock.
        const again = await safely("get", () => store.get(key));
        if (usable(again) && (!force || stale !== undefined)) return again;
        stored = again ?? stored;
      }
      const previous = stale ?? current ?? dropped ?? stored;
      const context: FetchTokenContext = {};
      if (previous) context.previous = previous;
      const refreshToken = previous?.refreshToken ?? stored?.refreshToken;
      if (refreshToken !== undefined) context.refreshToken = refreshToken;
      if (rejected !== undefined) context.rejected = rejected;
      const token = await acquisition.fetch(options.fetchToken, context);
      // expires_in 0: never fresh, so every call fetches again. Said once per cache, not per call.
      if (!warnedInstantExpiry && token.expiresAt !== undefined && token.expiresAt <= (token.issuedAt ?? clock())) {
        warnedInstantExpiry = true;
        logger.warn("The provider issues tokens that expire at once (expires_in 0), so every call requests a new token. Ask the provider to issue tokens with a lifetime.");
      }
      if (started !== generation) return token;
      rejected = undefined;
      dropped = undefined;
      await safely("set", () => store.set(key, token));
      return token;
    } finally {
      if (release) await safely("unlock", release);
    }
  }

  function getToken(opts?: { forceRefresh?: boolean }): Promise<AccessToken> {
    const force = opts?.forceRefresh === true;
    if (!force && current !== undefined && isFresh(current)) {
      counts.hit++;
      warnIfExpiring(current);
      return Promise.resolve(current);
    }
    if (inflight) {
      counts.joined++;
      return inflight;
    }
    const stale = current;
    const started = generation;
    // "refresh": a token is being replaced (stale, forced, or rejected by a 401); "miss": none was held.
    const flight = telemetry.acquire(force || stale !== undefined || rejected !== undefined ? "refresh" : "miss", (a) => refresh(force, stale, a)).then(
      (token) => {
        if (started === generation) current = token;
        if (inflight === flight) inflight = undefined;
        warnIfExpiring(token);
        return token;
      },
      (error: unknown) => {
        if (inflight === flight) inflight = undefined;
        // An early refresh failed (the provider is briefly down) but the token it was to
        // replace has not expired yet: keep serving it; the next call tries again.
        if (!force && stale !== undefined && current === stale && stale.expiresAt !== undefined && clock() < stale.expiresAt) {
          counts.staleServed++;
          logger.warn(`Token refresh failed (${error instanceof Error ? error.message : String(error)}); using the current token until it expires.`);
          return stale;
        }
        throw error;
      },
    );
    inflight = flight;
    return flight;
  }

  async function invalidate(token: string | AccessToken): Promise<void> {
    const value = typeof token === "string" ? token : token.accessToken;
    if (current?.accessToken === value) {
      dropped = current;
      current = undefined;
    }
    rejected = value;
    await safely("delete", () => store.delete(key, value));
  }

  async function set(token: AccessToken): Promise<void> {
    current = token;
    rejected = undefined;
    dropped = undefined;
    await safely("set", () => store.set(key, token));
  }

  async function clear(): Promise<void> {
    generation++;
    current = undefined;
    dropped = undefined;
    rejected = undefined;
    inflight = undefined;
    try {
      await store.delete(key);
    } catch (error) {
      telemetry.storeError("delete", error);
      // Unlike a request, a logout must not pass silently while the token stays shared.
      throw new AuthError("store", "The token was forgotten in this process, but the token store could not delete it.", {
        hint: "Check the store (Redis reachable, file writable), then call clear() again.",
        cause: error,
      });
    }
  }

  return { getToken, invalidate, set, clear };
}
