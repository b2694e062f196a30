/**
 * The demo's telemetry lines: this process's counts from `telemetrySnapshot()` of
 * `@auth/core/telemetry` (the same numbers as the OpenTelemetry metrics and
 * `status --json`), one short line per provider, its grants added together.
 */
import { type TelemetryCounts, telemetrySnapshot } from "@auth/core/telemetry";

/** One line per provider name given: token requests and cache results, or why there are none. */
export function telemetryLines(providers: readonly string[]): string[] {
  const snapshot = telemetrySnapshot();
  return providers.map((name) => {
    const series = snapshot.providers.filter((p) => p.provider === name);
    if (!series.length) return `${name.padEnd(10)} no counts (its tokens did not go through core's token cache)`;
    const sum = (pick: (c: TelemetryCounts) => number) => series.reduce((n, s) => n + pick(s), 0);
    const grants = [...new Set(series.map((s) => s.grant).filter((g) => g !== undefined))];
    // The cache results that happened (hit, miss, refresh, joined, stale_served), in that order.
    const cache = Object.keys(snapshot.cacheResults)
      .map((result) => [result.replace("_", " "), sum((c) => c.cacheResults[result as keyof TelemetryCounts["cacheResults"]])] as const)
      .filter(([, n]) => n > 0)
      .map(([result, n]) => `${n} ${result}`);
    const grantText = grants.length ? ` (grant ${grants.join(", ")})` : "";
    return `${name.padEnd(10)} token requests: ${sum((c) => c.tokenRequests.fetched)} fetched, ${sum((c) => c.tokenRequests.error)} failed; cache: ${cache.join(", ") || "none"}${grantText}`;
  });
}
