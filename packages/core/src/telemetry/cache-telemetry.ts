import { type Attributes, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import type { RetryNotice } from "../http/bounded-exchange.js";
import { countRequestError, countStoreError, type Series, seriesFor } from "./counters.js";
import { errorType, label, oauthErrorCode } from "./error-type.js";
import { bindInstruments, recordLockWait, VERSION } from "./instruments.js";
import { ATTR, SCOPE, SPAN_ACQUIRE, type StoreOperation } from "./names.js";

/** Labels of a cache's telemetry (`TokenCacheOptions.telemetry`). Names only, never a secret or an account. */
export interface TelemetryLabels {
  /** The provider, e.g. `metapack`. Default: the first part of the store key (`storeKey`'s provider), else `unknown`. */
  provider?: string;
  /** The OAuth grant, e.g. `client_credentials` (RFC 6749 §4.4). Default: not reported. */
  grant?: string;
}

/** Where a token request reports its retries (`FetchTokenContext.onRetry`), so attempts can be counted. */
export interface AttemptListener {
  onRetry?: (notice: RetryNotice) => void;
}

/** One acquisition in progress: the hooks `refresh()` calls. */
export interface Acquisition {
  /** Take a shared store's lock, timing the wait. */
  lock<T>(take: () => Promise<T>): Promise<T>;
  /** Send the token request (the provider's `fetchToken`), counting it and its attempts. */
  fetch<C extends AttemptListener, T>(fetchToken: (context: C) => Promise<T>, fetchContext: C): Promise<T>;
}

/** A cache's telemetry. `counts` is bumped directly on the hot path (`counts.hit++`). */
export interface CacheTelemetry {
  readonly counts: Series;
  /** Run one acquisition (`trigger`: why getToken() started it) inside its span. */
  acquire<T>(trigger: "miss" | "refresh", run: (a: Acquisition) => Promise<T>): Promise<T>;
  /** A store call failed (the cache goes on without the store). */
  storeError(operation: StoreOperation, error: unknown): void;
}

let tracer: Tracer | undefined;
// The trace API hands out a proxy that follows the SDK registered later: taken once, at first use.
const getTracer = (): Tracer => {
  tracer ??= trace.getTracer(SCOPE, VERSION);
  return tracer;
};

// storeKey() puts the provider first: `provider|origin+path|account`. Only that part is read.
function providerOfKey(key: string): string {
  const bar = key.indexOf("|");
  return bar > 0 ? key.slice(0, bar) : "unknown";
}

/**
 * The telemetry of one token cache: a span per acquisition (a token request or a shared store's
 * answer, never a memory hit) and the counts behind the metrics. Attributes are the labels,
 * outcomes, counts and durations named in names.ts: never a token, secret, client id, store key
 * or error message. Zero cost without an SDK: the API's no-op tracer and meter.
 */
export function cacheTelemetry(key: string, labels: TelemetryLabels | undefined): CacheTelemetry {
  const counts = seriesFor(label(labels?.provider ?? providerOfKey(key)) ?? "unknown", label(labels?.grant));
  bindInstruments();
  let active: Span | undefined;

  async function acquire<T>(trigger: "miss" | "refresh", run: (a: Acquisition) => Promise<T>): Promise<T> {
    bindInstruments();
    if (trigger === "miss") counts.miss++;
    else counts.refresh++;
    const parent = context.active();
    const span = getTracer().startSpan(SPAN_ACQUIRE, { kind: SpanKind.INTERNAL, attributes: { ...counts.attrs, [ATTR.cacheResult]: trigger } }, parent);
    let attempts = 0;
    let fetched = false;
    let lockWaitMs: number | undefined;
    const acquisition: Acquisition = {
      async lock(take) {
        const t0 = performance.now();
        try {
          return await take();
        } finally {
          lockWaitMs = performance.now() - t0;
          counts.lockWaits++;
          counts.lockWaitMs += lockWaitMs;
          if (lockWaitMs > counts.lockWaitMaxMs) counts.lockWaitMaxMs = lockWaitMs;
          recordLockWait(lockWaitMs, counts.attrs);
        }
      },
      async fetch(fetchToken, fetchContext) {
        attempts = 1;
        // Not enumerable: the context stays the plain data providers and their tests compare.
        Object.defineProperty(fetchContext, "onRetry", {
          value: () => {
            attempts++;
          },
          enumerable: false,
          configurable: true,
          writable: true,
        });
        try {
          const token = await fetchToken(fetchContext);
          fetched = true;
          counts.fetched++;
          return token;
        } catch (error) {
          countRequestError(counts, errorType(error));
          throw error;
        }
      },
    };
    const end = (attrs: Attributes) => {
      if (active === span) active = undefined;
      if (span.isRecording()) {
        span.setAttributes(attrs);
        span.setAttribute(ATTR.attempts, attempts);
        if (lockWaitMs !== undefined) span.setAttribute(ATTR.lockWait, lockWaitMs / 1000);
      }
      span.end();
    };
    active = span;
    try {
      const result = await context.with(trace.setSpan(parent, span), () => run(acquisition));
      if (!fetched) counts.storeHits++;
      end({ [ATTR.outcome]: fetched ? "fetched" : "store_hit" });
      return result;
    } catch (error) {
      const type = errorType(error);
      const oauth = oauthErrorCode(error);
      // The status says which error, never its message (it may quote a server).
      span.setStatus({ code: SpanStatusCode.ERROR, message: type });
      end({ [ATTR.outcome]: "error", [ATTR.errorType]: type, ...(oauth === undefined ? {} : { [ATTR.oauthError]: oauth }) });
      throw error;
    }
  }

  function storeError(operation: StoreOperation, error: unknown): void {
    const type = errorType(error);
    countStoreError(counts, operation, type);
    active?.addEvent("auth.store.error", { [ATTR.storeOperation]: operation, [ATTR.errorType]: type });
  }

  return { counts, acquire, storeError };
}
