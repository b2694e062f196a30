import { describe, expect, it } from "vitest";
import { cleanEnv, run, tempDir } from "./helpers.js";

describe("status --json: telemetry", () => {
  it("carries this process's token counts from @auth/core's light telemetry entry (plain numbers, no names of secrets)", async () => {
    const r = await run(["status", "--json"], { env: cleanEnv(tempDir()) });
    expect(r.code).toBe(0);
    const { telemetry } = JSON.parse(r.stdout) as { telemetry: Record<string, unknown> };
    // status fetches no token: every count is zero, in the documented shape.
    expect(telemetry).toEqual({
      cacheResults: { hit: 0, miss: 0, refresh: 0, joined: 0, stale_served: 0 },
      tokenRequests: { fetched: 0, error: 0 },
      tokenRequestErrors: {},
      storeHits: 0,
      storeErrors: {},
      lockWaits: { count: 0, totalMs: 0, maxMs: 0 },
      providers: [],
    });
  });
});
