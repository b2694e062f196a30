/**
 * `@auth/core/telemetry`: this process's token counts without loading the rest of core (no ky,
 * no OpenTelemetry API), for a CLI's `status` or a health endpoint. The same module state as
 * the main entry's `telemetrySnapshot()`: both read one shared chunk.
 *
 * ```ts
 * import { telemetrySnapshot } from "@auth/core/telemetry";
 * const { tokenRequests, cacheResults } = telemetrySnapshot();
 * ```
 */
export { type TelemetryCounts, type TelemetrySnapshot, telemetrySnapshot } from "./telemetry/counters.js";
