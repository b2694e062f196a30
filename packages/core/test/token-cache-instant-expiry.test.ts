// expires_in 0 (issue 10, item 10): such a token is never fresh, so each call fetches a new
// one. That is honest but costly: the cache says so once, through its logger.
import { describe, expect, test, vi } from "vitest";
import { createTokenCache, parseTokenResponse } from "../src/index.js";

describe("a provider that issues tokens with expires_in 0", () => {
  test("every call requests a token, and one warning per cache says why", async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    let n = 0;
    const fetchToken = vi.fn(async () => parseTokenResponse({ access_token: `tok-${++n}`, token_type: "Bearer", expires_in: 0 }, { now: clock() }));
    const warnings: string[] = [];
    const cache = createTokenCache({ fetchToken, clock, logger: { warn: (m) => warnings.push(m) } });
    for (let i = 0; i < 5; i++) {
      await cache.getToken();
      now += 10;
    }
    expect(fetchToken).toHaveBeenCalledTimes(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/expire at once .*every call requests a new token/);
    expect(warnings[0]).not.toContain("tok-");
    // Another cache (another client) says it once too.
    const other: string[] = [];
    await createTokenCache({ fetchToken, clock, logger: { warn: (m) => other.push(m) } }).getToken();
    expect(other).toHaveLength(1);
  });

  test("no warning for tokens with a lifetime, or with none (use until a 401)", async () => {
    const clock = () => 1_700_000_000_000;
    const warnings: string[] = [];
    for (const fields of [{ expires_in: 1 }, { expires_in: 3600 }, {}]) {
      const cache = createTokenCache({ fetchToken: async () => parseTokenResponse({ access_token: "t", token_type: "Bearer", ...fields }, { now: clock() }), clock, logger: { warn: (m) => warnings.push(m) } });
      await cache.getToken();
      await cache.getToken();
    }
    expect(warnings).toEqual([]);
  });
});
