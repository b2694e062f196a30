import { describe, expect, it } from "vitest";
import { createAccessToken, createTokenCache } from "../src/index.js";

describe("token cache: expiryWarning", () => {
  it("warns once per token when fewer than beforeMs are left, not before", async () => {
    let now = 0;
    const warnings: string[] = [];
    const token = createAccessToken({ accessToken: "t1", tokenType: "OAuth", scopes: [], issuedAt: 0, expiresAt: 10_000 });
    const cache = createTokenCache({
      fetchToken: async () => token,
      canRefresh: () => false,
      clock: () => now,
      logger: { warn: (m) => warnings.push(m) },
      expiryWarning: { beforeMs: 3_000, message: (_t, left) => `expires in ${left} ms` },
    });
    await cache.getToken();
    now = 6_999;
    await cache.getToken();
    expect(warnings).toEqual([]);
    now = 7_000;
    await cache.getToken();
    now = 9_000;
    await cache.getToken();
    expect(warnings).toEqual(["expires in 3000 ms"]);
  });
});
