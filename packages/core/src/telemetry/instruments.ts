import { type Attributes, type BatchObservableResult, type Histogram, type MeterProvider, metrics, type Observable, ValueType } from "@opentelemetry/api";
import { allSeries } from "./counters.js";
import { METRIC, SCOPE } from "./names.js";

declare const __AUTH_CORE_VERSION__: string;
/** This package's version, for the instrumentation scope (set by the build). */
export const VERSION: string = typeof __AUTH_CORE_VERSION__ === "string" ? __AUTH_CORE_VERSION__ : "0.0.0-dev";

// Durations of lock waits, s: a loopback lock is taken in well under a millisecond, a waiter
// behind another process's token request waits about that request's time, a dead holder up to
// the lock TTL (10 s by default).
const LOCK_WAIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

let boundTo: MeterProvider | undefined;
let lockWait: Histogram | undefined;

/**
 * Create the instruments on the global MeterProvider, again whenever it changed. The metrics
 * API (unlike the trace API) has no proxy: a meter taken before the application registers its
 * SDK would stay a no-op forever. Called when a cache is created and on each acquisition, never
 * on a memory hit; with no SDK registered it costs one global lookup.
 *
 * The counters are observable: they report the in-process counts (counters.ts) at each
 * collection, so counting a cache hit is a plain increment.
 */
export function bindInstruments(): void {
  const provider = metrics.getMeterProvider();
  if (provider === boundTo) return;
  boundTo = provider;
  const meter = provider.getMeter(SCOPE, VERSION);
  const int = { valueType: ValueType.INT };
  const requests = meter.createObservableCounter(METRIC.tokenRequests, {
    ...int,
    unit: "{request}",
    description: "Token requests sent to the provider, by outcome (fetched, error).",
  });
  const results = meter.createObservableCounter(METRIC.cacheResults, {
    ...int,
    unit: "{result}",
    description: "What getToken() found in memory: hit, miss, refresh, joined (a request in flight), stale_served.",
  });
  const storeErrors = meter.createObservableCounter(METRIC.storeErrors, {
    ...int,
    unit: "{error}",
    description: "Failed token store calls; the cache goes on without the store.",
  });
  lockWait = meter.createHistogram(METRIC.lockWait, {
    unit: "s",
    description: "Time from asking a shared token store's lock to holding it.",
    advice: { explicitBucketBoundaries: LOCK_WAIT_BUCKETS },
  });
  meter.addBatchObservableCallback(
    (result) => {
      for (const s of allSeries()) {
        observe(result, results, s.hit, s.resultAttrs.hit);
        observe(result, results, s.miss, s.resultAttrs.miss);
        observe(result, results, s.refresh, s.resultAttrs.refresh);
        observe(result, results, s.joined, s.resultAttrs.joined);
        observe(result, results, s.staleServed, s.resultAttrs.stale_served);
        observe(result, requests, s.fetched, s.fetchedAttrs);
        for (const e of s.requestErrors.values()) observe(result, requests, e.n, e.attrs);
        for (const e of s.storeErrors.values()) observe(result, storeErrors, e.n, e.attrs);
      }
    },
    [requests, results, storeErrors],
  );
}

// A series that never saw a result kind is not reported for it (no rows of zeros).
function observe(result: BatchObservableResult, instrument: Observable, n: number, attrs: Attributes): void {
  if (n > 0) result.observe(instrument, n, attrs);
}

/** Record one lock wait, ms (converted to seconds, as OpenTelemetry's conventions ask). */
export function recordLockWait(ms: number, attrs: Attributes): void {
  bindInstruments();
  lockWait?.record(ms / 1000, attrs);
}
