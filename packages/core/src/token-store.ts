import type { AccessToken } from "./access-token.js";

/** Releases a lock taken with {@link TokenStore.lock}. */
export type ReleaseLock = () => Promise<void>;

/**
 * Where tokens live behind the cache. Stores hold tokens, never client secrets.
 * Memory by default; a 0600 JSON file for the CLI (`@auth/core/node`); Redis for fleets.
 */
export interface TokenStore {
  /** The token stored under `key`, or `undefined`. May reject when the store is unreachable (the cache then goes on without it). */
  get(key: string): Promise<AccessToken | undefined>;
  /** Store `token` under `key`, replacing what was there. */
  set(key: string, token: AccessToken): Promise<void>;
  /**
   * Remove the token under `key`. With `accessToken`, only if the stored token is that one
   * (invalidate by value: a late 401 must not drop a token already refreshed by someone else).
   */
  delete(key: string, accessToken?: string): Promise<void>;
  /**
   * Optional mutual exclusion for single flight across processes: resolves once this caller
   * holds the lock for `key` (waiting while another holder refreshes), or after `ttlMs` when
   * a holder died. The cache re-reads the store after acquiring it.
   */
  lock?(key: string, ttlMs: number): Promise<ReleaseLock>;
}

/** The default store: a Map in this process. */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, AccessToken>();

  /** {@inheritDoc TokenStore.get} */
  async get(key: string): Promise<AccessToken | undefined> {
    return this.#tokens.get(key);
  }

  /** {@inheritDoc TokenStore.set} */
  async set(key: string, token: AccessToken): Promise<void> {
    this.#tokens.set(key, token);
  }

  /** {@inheritDoc TokenStore.delete} */
  async delete(key: string, accessToken?: string): Promise<void> {
    if (accessToken === undefined || this.#tokens.get(key)?.accessToken === accessToken) this.#tokens.delete(key);
  }
}
