import type { FetchLike } from "./auth-fetch.js";
import { createBearerAuth } from "./bearer-auth.js";
import type { Clock, Logger } from "./clock.js";
import { retryLogger } from "./http/bounded-exchange.js";
import type { ProviderAuth } from "./provider-auth.js";
import { type RequestTokenOptions, type RetryNotice, type RetryPolicy, requestToken } from "./request-token.js";
import type { RefreshWindow } from "./token-cache.js";
import type { TokenStore } from "./token-store.js";

/** The settings every bearer provider takes, passed through to the cache and token requests. */
export interface BearerSettings {
  /** Where tokens are kept (memory by default); a shared store lets processes share one token. */
  store?: TokenStore;
  /** How long before expiry a token is renewed: ms, or a function of its lifetime. Default max(60 s, 10 %). */
  refreshWindow?: RefreshWindow;
  /** Deadline of each token request attempt, ms, covering headers and the whole body. Default 10 000. */
  timeout?: number;
  /** Retries of the token request on 408/429/5xx, timeouts and network errors. Default 2, within a total `budget` of 60 s. */
  retry?: RetryPolicy;
  /** Token and error bodies larger than this are a `response_too_large` error. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Told before each wait between token request attempts. Default: a warning to `logger` (so a CLI says it is waiting). */
  onRetry?: (notice: RetryNotice) => void;
  /** The fetch used for token requests and by `client()` / `fetch`. Default global fetch. */
  fetch?: FetchLike;
  /** Allow an `http://` URL that is not loopback (test servers only). */
  allowInsecure?: boolean;
  /** Receives warnings (store down, refresh failed but the current token still works). */
  logger?: Logger;
  /** Time source (epoch ms), for tests. */
  clock?: Clock;
  /** Lock TTL for stores that lock across processes (ms). Default 10 000. */
  lockTtlMs?: number;
}

/** The provider-specific part of a token request: endpoint, form, client authentication, hints. */
export type TokenEndpoint = Omit<RequestTokenOptions, "timeout" | "retry" | "fetch" | "allowInsecure" | "clock" | "signal" | "maxResponseBytes" | "onRetry"> & {
  /** Store key: provider, base URL and account, never a secret; build it with `storeKey()`. */
  key: string;
  /** The API's base URL: `client()` resolves relative URLs against it (absolute ones are used as is). */
  baseUrl?: string;
};

/**
 * A bearer provider in one call: a token endpoint (RFC 6749 §4.4 client credentials, or any
 * grant whose request is fixed) behind the token cache, with the shared settings applied.
 *
 * Every setting (`store`, `timeout`, `retry`, `clock`, `fetch`, …) reaches the cache and each
 * token request; the result is the {@link ProviderAuth} shape.
 *
 * ```ts
 * export const createExampleAuth = (o: { clientId: string; clientSecret: string } & BearerSettings) =>
 *   createTokenEndpointAuth(o, {
 *     key: storeKey({ provider: "example", baseUrl: "https://auth.example.com", account: o.clientId }),
 *     url: "https://auth.example.com/oauth/token",
 *     params: { grant_type: "client_credentials" },
 *     clientAuth: { method: "basic", clientId: o.clientId, clientSecret: o.clientSecret },
 *   });
 * ```
 */
export function createTokenEndpointAuth(settings: BearerSettings, endpoint: TokenEndpoint): ProviderAuth {
  const { key, baseUrl, ...request } = endpoint;
  const { timeout, retry, fetch, allowInsecure, clock, maxResponseBytes, onRetry } = settings;
  const tell = onRetry ?? retryLogger(settings.logger);
  return createBearerAuth({
    key,
    // Retries go to the caller's hook (or the logger) and to the cache's telemetry (attempt count).
    fetchToken: (context) =>
      requestToken({
        ...request,
        timeout,
        retry,
        fetch,
        allowInsecure,
        clock,
        maxResponseBytes,
        onRetry: (notice) => {
          tell?.(notice);
          context.onRetry?.(notice);
        },
      }),
    telemetry: { grant: new URLSearchParams(request.params).get("grant_type") ?? undefined },
    store: settings.store,
    refreshWindow: settings.refreshWindow,
    fetch,
    logger: settings.logger,
    clock,
    lockTtlMs: settings.lockTtlMs,
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
}
