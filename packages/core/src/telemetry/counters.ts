import type { Attributes } from "@opentelemetry/api";
import { ATTR, type CacheResult, type StoreOperation } from "./names.js";

/**
 * The in-process counts behind the metrics and {@link telemetrySnapshot}: plain numbers, one
 * {@link Series} per provider and grant, shared by every cache with those labels. A memory hit
 * costs one increment; the OpenTelemetry counters read these at each collection (observable
 * instruments), so no instrument call, attribute object or lookup sits on the hot path.
 */
export interface Series {
  readonly provider: string;
  readonly grant: string | undefined;
  /** `{ auth.provider, auth.grant? }`, built once. */
  readonly attrs: Attributes;
  /** Per `auth.cache.result`, attribute objects built once. */
  readonly resultAttrs: Readonly<Record<CacheResult, Attributes>>;
  readonly fetchedAttrs: Attributes;
  hit: number;
  miss: number;
  refresh: number;
  joined: number;
  staleServed: number;
  /** Token requests that returned a token. */
  fetched: number;
  /** Acquisitions answered by the store (another process's token). */
  storeHits: number;
  /** Failed token requests by `error.type`, with their attributes. */
  readonly requestErrors: Map<string, { n: number; attrs: Attributes }>;
  /** Failed store calls by operation and `error.type`. */
  readonly storeErrors: Map<string, { n: number; attrs: Attributes }>;
  lockWaits: number;
  lockWaitMs: number;
  lockWaitMaxMs: number;
}

const series = new Map<string, Series>();

/** The series of a provider and grant (created on first use; the count of series is the count of configurations). */
export function seriesFor(provider: string, grant: string | undefined): Series {
  const id = grant === undefined ? provider : `${provider}\u0000${grant}`;
  let s = series.get(id);
  if (s) return s;
  const attrs: Attributes = grant === undefined ? { [ATTR.provider]: provider } : { [ATTR.provider]: provider, [ATTR.grant]: grant };
  const withResult = (r: CacheResult): Attributes => Object.freeze({ ...attrs, [ATTR.cacheResult]: r });
  s = {
    provider,
    grant,
    attrs: Object.freeze(attrs),
    resultAttrs: { hit: withResult("hit"), miss: withResult("miss"), refresh: withResult("refresh"), joined: withResult("joined"), stale_served: withResult("stale_served") },
    fetchedAttrs: Object.freeze({ ...attrs, [ATTR.outcome]: "fetched" }),
    hit: 0,
    miss: 0,
    refresh: 0,
    joined: 0,
    staleServed: 0,
    fetched: 0,
    storeHits: 0,
    requestErrors: new Map(),
    storeErrors: new Map(),
    lockWaits: 0,
    lockWaitMs: 0,
    lockWaitMaxMs: 0,
  };
  series.set(id, s);
  return s;
}

/** Every series so far, for the observable instruments and the snapshot. */
export const allSeries = (): Iterable<Series> => series.values();

export function countRequestError(s: Series, type: string): void {
  const e = s.requestErrors.get(type);
  if (e) e.n++;
  else s.requestErrors.set(type, { n: 1, attrs: Object.freeze({ ...s.attrs, [ATTR.outcome]: "error", [ATTR.errorType]: type }) });
}

export function countStoreError(s: Series, operation: StoreOperation, type: string): void {
  const id = `${operation}\u0000${type}`;
  const e = s.storeErrors.get(id);
  if (e) e.n++;
  else s.storeErrors.set(id, { n: 1, attrs: Object.freeze({ ...s.attrs, [ATTR.storeOperation]: operation, [ATTR.errorType]: type }) });
}

/** Counts of one provider and grant, or of all of them (plain numbers, JSON-ready). */
export interface TelemetryCounts {
  /** What `getToken()` found: `hit` (fresh in memory), `miss` (nothing in memory), `refresh` (stale or forced), `joined` (a request in flight), `stale_served` (a refresh failed; the unexpired token was kept). */
  cacheResults: Record<CacheResult, number>;
  /** Token requests sent to the provider, by outcome. */
  tokenRequests: { fetched: number; error: number };
  /** Failed token requests by `error.type`. */
  tokenRequestErrors: Record<string, number>;
  /** Acquisitions answered by a shared store (no token request). */
  storeHits: number;
  /** Failed store calls, by `operation:error.type`. */
  storeErrors: Record<string, number>;
  /** Waits for a shared store's lock, ms. */
  lockWaits: { count: number; totalMs: number; maxMs: number };
}

/** What {@link telemetrySnapshot} returns. */
export interface TelemetrySnapshot extends TelemetryCounts {
  /** The same counts per provider and grant (`grant` absent when not known). */
  providers: (TelemetryCounts & { provider: string; grant?: string })[];
}

const empty = (): TelemetryCounts => ({
  cacheResults: { hit: 0, miss: 0, refresh: 0, joined: 0, stale_served: 0 },
  tokenRequests: { fetched: 0, error: 0 },
  tokenRequestErrors: {},
  storeHits: 0,
  storeErrors: {},
  lockWaits: { count: 0, totalMs: 0, maxMs: 0 },
});

function add(into: TelemetryCounts, s: Series): void {
  const r = into.cacheResults;
  r.hit += s.hit;
  r.miss += s.miss;
  r.refresh += s.refresh;
  r.joined += s.joined;
  r.stale_served += s.staleServed;
  into.tokenRequests.fetched += s.fetched;
  for (const [type, e] of s.requestErrors) {
    into.tokenRequests.error += e.n;
    into.tokenRequestErrors[type] = (into.tokenRequestErrors[type] ?? 0) + e.n;
  }
  into.storeHits += s.storeHits;
  for (const [id, e] of s.storeErrors) {
    const name = id.replace("\u0000", ":");
    into.storeErrors[name] = (into.storeErrors[name] ?? 0) + e.n;
  }
  into.lockWaits.count += s.lockWaits;
  into.lockWaits.totalMs += s.lockWaitMs;
  into.lockWaits.maxMs = Math.max(into.lockWaits.maxMs, s.lockWaitMaxMs);
}

/**
 * This process's token telemetry since @auth/core was loaded, as plain numbers: the same
 * counts the OpenTelemetry metrics report (see the README, "Telemetry"), with or without an
 * OpenTelemetry SDK. Cheap (a walk over one entry per provider and grant); holds no secret,
 * token, client id or store key, only provider and grant names.
 *
 * ```ts
 * const { tokenRequests, cacheResults } = telemetrySnapshot();
 * ```
 */
export function telemetrySnapshot(): TelemetrySnapshot {
  const total: TelemetrySnapshot = { ...empty(), providers: [] };
  for (const s of series.values()) {
    const one = empty();
    add(one, s);
    add(total, s);
    total.providers.push({ provider: s.provider, ...(s.grant === undefined ? {} : { grant: s.grant }), ...one });
  }
  return total;
}
