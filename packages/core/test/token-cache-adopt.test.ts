import { describe, expect, test, vi } from "vitest";
import { type AccessToken, createAccessToken, createTokenCache, type FetchTokenContext, MemoryTokenStore } from "../src/index.js";

const T0 = 1_700_000_000_000;
const token = (n: number, now: number, lifetimeS: number, refresh = true): AccessToken =>
  createAccessToken({ accessToken: `tok-${n}`, tokenType: "Bearer", scopes: [], issuedAt: now, expiresAt: now + lifetimeS * 1000, ...(refresh ? { refreshToken: `rt-${n}` } : {}) });

describe("token cache: tokens from redirect flows and refresh context", () => {
  test("set() adopts a token: served from memory and written to the store, no fetch", async () => {
    const store = new MemoryTokenStore();
    const fetchToken = vi.fn(async () => token(9, T0, 3600));
    const cache = createTokenCache({ fetchToken, store, clock: () => T0, key: "k" });
    await cache.set(token(1, T0, 3600));
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    expect((await store.get("k"))?.accessToken).toBe("tok-1");
    expect(fetchToken).not.toHaveBeenCalled();
  });

  test("a stored expired token's refresh token reaches fetchToken after a restart", async () => {
    const store = new MemoryTokenStore();
    await store.set("k", token(1, T0, 60));
    const fetchToken = vi.fn(async (_c: FetchTokenContext) => token(2, T0 + 120_000, 3600));
    const cache = createTokenCache({ fetchToken, store, clock: () => T0 + 120_000, key: "k" });
    expect((await cache.getToken()).accessToken).toBe("tok-2");
    expect(fetchToken.mock.calls[0]?.[0]).toMatchObject({ refreshToken: "rt-1", previous: { accessToken: "tok-1" } });
  });

  test("after invalidate, fetchToken is told which token was rejected (once)", async () => {
    let now = T0;
    let n = 0;
    const fetchToken = vi.fn(async (_c: FetchTokenContext) => token(++n, now, 3600));
    const cache = createTokenCache({ fetchToken, clock: () => now });
    await cache.getToken();
    await cache.invalidate("tok-1");
    await cache.getToken();
    expect(fetchToken.mock.calls[1]?.[0]).toMatchObject({ rejected: "tok-1" });
    now += 3_600_000;
    await cache.getToken();
    expect(fetchToken.mock.calls[2]?.[0]?.rejected).toBeUndefined();
  });

  test("after a 401 the dropped token is `previous`, so its refresh token can renew it", async () => {
    let n = 0;
    const fetchToken = vi.fn(async (_c: FetchTokenContext) => token(++n, T0, 3600));
    const cache = createTokenCache({ fetchToken, clock: () => T0 });
    await cache.getToken();
    await cache.invalidate("tok-1");
    expect((await cache.getToken()).accessToken).toBe("tok-2");
    expect(fetchToken.mock.calls[1]?.[0]).toMatchObject({ previous: { accessToken: "tok-1" }, refreshToken: "rt-1", rejected: "tok-1" });
  });

  test("canRefresh: false keeps a token until its real expiry instead of refreshing early", async () => {
    let now = T0;
    const fetchToken = vi.fn(async () => {
      throw new Error("cannot refresh");
    });
    const cache = createTokenCache({ fetchToken, clock: () => now, canRefresh: (t) => t.refreshToken !== undefined });
    await cache.set(token(1, T0, 3600, false));
    now = T0 + 3_599_000; // inside the default early-refresh window
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    expect(fetchToken).not.toHaveBeenCalled();
    now = T0 + 3_600_000;
    await expect(cache.getToken()).rejects.toThrow("cannot refresh");
  });
});
