/**
 * The names @auth/core reports to OpenTelemetry, in the style of its semantic conventions:
 * dot-separated namespaces, snake_case words, counters named in the plural without `total`,
 * durations in seconds, units in UCUM (`s`, `{request}`). Documented in the README, section
 * "Telemetry"; a name here never changes within a major version.
 *
 * @see https://opentelemetry.io/docs/specs/semconv/general/naming/
 * @see https://opentelemetry.io/docs/specs/semconv/general/metrics/
 */

/** Instrumentation scope: `trace.getTracer(SCOPE)`, `metrics.getMeter(SCOPE)`. */
export const SCOPE = "@auth/core";

/** The span of one token acquisition that reaches the provider or the token store. */
export const SPAN_ACQUIRE = "auth.token.acquire";

/** Metric names. */
export const METRIC = {
  /** Counter, `{request}`: token requests to the provider (calls of `fetchToken`), by provider, grant and outcome. */
  tokenRequests: "auth.token.requests",
  /** Counter, `{result}`: what `getToken()` found in memory (`auth.cache.result`). */
  cacheResults: "auth.token.cache.results",
  /** Histogram, `s`: time from asking a shared store's lock to holding it. */
  lockWait: "auth.token.lock.wait.duration",
  /** Counter, `{error}`: failed token store calls (`auth.store.operation`, `error.type`). */
  storeErrors: "auth.token.store.errors",
} as const;

/** Attribute names. */
export const ATTR = {
  /** The provider: `telemetry.provider`, or the store key's first part (`storeKey`'s provider). */
  provider: "auth.provider",
  /** The OAuth grant (`client_credentials`, `authorization_code`, …), when known. */
  grant: "auth.grant",
  /** Outcome of an acquisition or token request: `fetched`, `store_hit`, `error`. */
  outcome: "auth.outcome",
  /** What `getToken()` found: `hit`, `miss`, `refresh`, `joined`, `stale_served`. */
  cacheResult: "auth.cache.result",
  /** HTTP attempts of the token request (1 + retries); 0 when no request was sent. */
  attempts: "auth.token.attempts",
  /** Seconds spent waiting for a shared store's lock (another process refreshing). */
  lockWait: "auth.lock.wait.duration",
  /** The store call that failed: `get`, `set`, `delete`, `lock`, `unlock`. */
  storeOperation: "auth.store.operation",
  /** The RFC 6749 §5.2 `error` of an `oauth_error` (registered codes only, else `_OTHER`). */
  oauthError: "auth.oauth.error",
  /** OpenTelemetry's general attribute: an AuthError's `code`, or the error's class name. */
  errorType: "error.type",
} as const;

/** Values of {@link ATTR.outcome}. */
export type Outcome = "fetched" | "store_hit" | "error";

/** Values of {@link ATTR.cacheResult}. */
export type CacheResult = "hit" | "miss" | "refresh" | "joined" | "stale_served";

/** Store calls the cache makes (values of {@link ATTR.storeOperation}). */
export type StoreOperation = "get" | "set" | "delete" | "lock" | "unlock";

/** Semantic conventions' value for "none of the known ones". */
export const OTHER = "_OTHER";
