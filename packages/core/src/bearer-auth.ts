import type { KyInstance, Options } from "ky";
import type { AccessToken } from "./access-token.js";
import { authFetch, type FetchLike } from "./auth-fetch.js";
import type { Authorizer } from "./authorizer.js";
import { bearerAuthorizer } from "./bearer-authorizer.js";
import { createClient } from "./client.js";
import { createTokenCache, type TokenCache, type TokenCacheOptions } from "./token-cache.js";

/** The shape every bearer provider returns: a token, a ky client, a fetch, and an Authorizer. */
export interface BearerAuth extends Authorizer {
  getToken(options?: { forceRefresh?: boolean }): Promise<AccessToken>;
  /** A ky instance that sends `Authorization: Bearer ...` and retries once after a 401. */
  client(kyOptions?: Options): KyInstance;
  /** A fetch-compatible function with the same behaviour. */
  readonly fetch: FetchLike;
  /** Drop a token the server rejected (by value). */
  invalidate(token: string | AccessToken): Promise<void>;
  /** Adopt a token obtained elsewhere (a redirect flow): cached and stored like a fetched one. */
  setToken(token: AccessToken): Promise<void>;
}

/**
 * Build the {@link BearerAuth} shape from a token fetcher and the cache options: the one
 * place that wires cache -> Authorizer -> client/fetch, so providers stay a few lines.
 * `fetch` is the transport for `client()` and `fetch` (defaults to global fetch).
 */
export function createBearerAuth(options: TokenCacheOptions & { fetch?: FetchLike; authorizer?: (cache: TokenCache) => Authorizer }): BearerAuth {
  const cache = createTokenCache(options);
  const authorizer = options.authorizer ? options.authorizer(cache) : bearerAuthorizer(cache);
  const transport = options.fetch;
  const fetch = authFetch(authorizer, transport);
  const auth: BearerAuth = {
    // createTokenCache's functions are closures (no `this`): passed as they are.
    getToken: cache.getToken,
    invalidate: cache.invalidate,
    setToken: cache.set,
    authorize: (r) => authorizer.authorize(r),
    client: (kyOptions = {}) => createClient(authorizer, transport && !kyOptions.fetch ? { ...kyOptions, fetch: transport } : kyOptions),
    fetch,
  };
  if (authorizer.unauthorized) auth.unauthorized = authorizer.unauthorized.bind(authorizer);
  return auth;
}
