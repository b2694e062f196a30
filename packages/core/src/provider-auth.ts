import type { KyInstance, Options as KyOptions } from "ky";
import type { AccessToken } from "./access-token.js";
import type { FetchLike } from "./auth-fetch.js";
import type { Authorizer } from "./authorizer.js";

/**
 * The one shape every provider factory returns, built-in or in-house (like Octokit's auth
 * strategies: one interface typed once, every strategy returns it). A bearer provider is a
 * token fetcher behind core's cache; an OAuth 1.0a provider keeps its token (key + secret) in
 * the same cache and store and signs each request. Either way a caller gets a token, a ky
 * client, a fetch, and the {@link Authorizer} the two are built on.
 *
 * ```ts
 * const auth: ProviderAuth = createMetapackAuth({ baseUrl, apiKey });
 * const token = await auth.getToken();            // cached, refreshed early, single flight
 * const res = await auth.fetch(`${baseUrl}/api/ping`); // Authorization added, one retry on 401
 * ```
 */
export interface ProviderAuth extends Authorizer {
  /**
   * A usable token: from memory, the store, or (once, however many callers) the provider.
   * Rejects with a typed {@link AuthError}; `login_required` when an interactive grant has no
   * token yet. Never resolves `undefined`.
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Drop a token the server rejected, by value: a late 401 cannot drop a newer token. */
  invalidate(token: string | AccessToken): Promise<void>;
  /** Adopt a token obtained elsewhere (a redirect flow, a paste): cached and stored like a fetched one. */
  setToken(token: AccessToken): Promise<void>;
  /** Forget the stored token (memory and store), e.g. on logout. The next `getToken()` starts afresh. */
  clear(): Promise<void>;
  /** A ky instance that authorizes every request and, where it can help, retries once after a 401. */
  client(kyOptions?: KyOptions): KyInstance;
  /** A fetch-compatible function with the same behaviour as {@link ProviderAuth.client}. */
  readonly fetch: FetchLike;
}

/** Options of {@link ProviderAuth.getToken}. */
export interface GetTokenOptions {
  /** Ignore a cached token and ask the provider for a new one (when the grant allows it). */
  forceRefresh?: boolean;
}

/**
 * A provider with an interactive grant (authorization code, implicit, OAuth 1.0a three-legged):
 * the same object, plus `login()`. On Node `login()` runs the loopback listener and the browser;
 * elsewhere it rejects with a typed error that says how to complete the flow instead.
 */
export interface InteractiveProviderAuth<LoginOptions = Record<string, unknown>> extends ProviderAuth {
  login(options?: LoginOptions): Promise<AccessToken>;
}
