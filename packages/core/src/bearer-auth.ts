import { authFetch, type FetchLike } from "./auth-fetch.js";
import type { Authorizer } from "./authorizer.js";
import { bearerAuthorizer } from "./bearer-authorizer.js";
import { createClient } from "./client.js";
import type { ProviderAuth } from "./provider-auth.js";
import { createTokenCache, type TokenCache, type TokenCacheOptions } from "./token-cache.js";

/** The shape every provider returns, under its first name: the same type as {@link ProviderAuth}, kept for compatibility. */
export type BearerAuth = ProviderAuth;

/** Options of {@link createBearerAuth}: the cache's, plus the transport and the API's base URL. */
export interface BearerAuthOptions extends TokenCacheOptions {
  /** The transport of token requests' callers, `client()` and `fetch` (default global fetch). */
  fetch?: FetchLike;
  /** Replaces the bearer authorizer (e.g. a signing one) over the same cache. */
  authorizer?: (cache: TokenCache) => Authorizer;
  /**
   * The API's base URL: `client()` resolves a relative URL against it like a browser (an
   * absolute URL is used as is), unless the caller passes ky's `prefix` or `baseUrl`.
   */
  baseUrl?: string;
}

/**
 * Build the {@link ProviderAuth} shape from a token fetcher and the cache options: the one
 * place that wires cache -> Authorizer -> client/fetch, so providers stay a few lines.
 * `fetch` is the transport for `client()` and `fetch` (defaults to global fetch).
 */
export function createBearerAuth(options: BearerAuthOptions): ProviderAuth {
  const cache = createTokenCache(options);
  const authorizer = options.authorizer ? options.authorizer(cache) : bearerAuthorizer(cache);
  const transport = options.fetch;
  const fetch = authFetch(authorizer, transport);
  const auth: ProviderAuth = {
    // createTokenCache's functions are closures (no `this`): passed as they are.
    getToken: cache.getToken,
    invalidate: cache.invalidate,
    setToken: cache.set,
    clear: cache.clear,
    authorize: (r) => authorizer.authorize(r),
    client: (kyOptions = {}) =>
      createClient(authorizer, transport && !kyOptions.fetch ? { ...kyOptions, fetch: transport } : kyOptions, options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    fetch,
  };
  if (authorizer.unauthorized) auth.unauthorized = authorizer.unauthorized.bind(authorizer);
  return auth;
}
