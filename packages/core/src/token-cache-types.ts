// The token cache's public shape: its options, what it tells `fetchToken`, and the refresh
// window. The mechanism is token-cache.ts; the types live apart so that reading one does not
// mean reading the other.
import type { AccessToken } from "./access-token.js";
import type { Clock, Logger } from "./clock.js";
import type { RetryNotice } from "./http/bounded-exchange.js";
import type { TelemetryLabels } from "./telemetry/cache-telemetry.js";
import type { TokenStore } from "./token-store.js";

/** What the cache tells `fetchToken` about the token being replaced. */
export interface FetchTokenContext {
  /** RFC 6749 §6 refresh token of the previous token (from memory or the store), if any. */
  refreshToken?: string;
  /** The token being replaced: stale, expired, or rejected. */
  previous?: AccessToken;
  /** The access token value a server rejected with a 401 (via `invalidate`), if that is why. */
  rejected?: string;
  /** Set by the cache (not enumerable): pass it on as `requestToken`'s `onRetry`, so telemetry counts the attempts. */
  onRetry?: (notice: RetryNotice) => void;
}

/** How long before expiry a token counts as stale, given its lifetime (both ms). */
export type RefreshWindow = number | ((lifetimeMs: number | undefined) => number);

export interface TokenCacheOptions {
  /** Gets a new token from the provider. Called once per refresh, never concurrently. */
  fetchToken: (context: FetchTokenContext) => Promise<AccessToken>;
  /**
   * False for tokens that cannot be renewed without the user (an implicit-grant token): they
   * are then used until they really expire instead of being refreshed early. Default: all can.
   */
  canRefresh?: (token: AccessToken) => boolean;
  /** Where tokens are kept (memory by default). Needs `key`: a shared store must never hand one provider another's token. */
  store?: TokenStore;
  clock?: Clock;
  /** Default: max(60 s, 10 % of the token's lifetime). A number is a fixed window in ms. */
  refreshWindow?: RefreshWindow;
  /**
   * Store key; namespace it by provider, base URL and account, never by secret ({@link storeKey}
   * builds one). Required with `store`; `"default"` only for the private memory store.
   */
  key?: string;
  /** Lock time-to-live for stores that lock across processes. Default 10 s. */
  lockTtlMs?: number;
  logger?: Logger;
  /**
   * Warn through `logger`, once per token, when `getToken()` hands out a token with fewer than
   * `beforeMs` left before its expiry: for tokens only the user can renew (`canRefresh` false).
   */
  expiryWarning?: { beforeMs: number; message: (token: AccessToken, msLeft: number) => string };
  /** Names for the OpenTelemetry spans and metrics (README, "Telemetry"); never a secret or an account. */
  telemetry?: TelemetryLabels;
}

export interface TokenCache {
  /** A fresh token: from memory, the store, or (once, however many callers) the provider. */
  getToken(options?: { forceRefresh?: boolean }): Promise<AccessToken>;
  /** Drop `token` if it is still the cached one (invalidate by value). */
  invalidate(token: string | AccessToken): Promise<void>;
  /** Adopt a token obtained elsewhere (a redirect flow): cache and store it. */
  set(token: AccessToken): Promise<void>;
  /**
   * Forget the token, in memory and in the store (logout): the next `getToken()` asks the
   * provider afresh, with no previous token nor refresh token in its context. A refresh in
   * flight is not cached when it lands. Rejects (code `store`) when the store cannot delete it.
   */
  clear(): Promise<void>;
}

/** The default refresh window: max(60 s, 10 % of the lifetime). */
export const defaultRefreshWindow = (lifetimeMs: number | undefined): number =>
  Math.max(60_000, lifetimeMs === undefined ? 0 : lifetimeMs / 10);
