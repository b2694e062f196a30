import { describe, expect, test, vi } from "vitest";
import { type AccessToken, createAccessToken, createTokenCache, defaultRefreshWindow, type FetchTokenContext, MemoryTokenStore, type TokenStore } from "../src/index.js";

const T0 = 1_700_000_000_000;
function fakeClock(start = T0) {
  let t = start;
  const clock = () => t;
  return { clock, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

/** A fetchToken that issues tok-1, tok-2, ... with the given lifetime, counting calls. */
function issuer(clock: () => number, lifetimeSeconds: number | null = 3600) {
  let n = 0;
  const fetchToken = vi.fn(async (_ctx: FetchTokenContext): Promise<AccessToken> => {
    n++;
    const now = clock();
    return createAccessToken({
      accessToken: `tok-${n}`,
      tokenType: "Bearer",
      scopes: [],
      issuedAt: now,
      ...(lifetimeSeconds === null ? {} : { expiresAt: now + lifetimeSeconds * 1000 }),
      refreshToken: `rt-${n}`,
    });
  });
  return fetchToken;
}

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe("createTokenCache", () => {
  test("cache first: repeated calls reuse the token", async () => {
    const c = fakeClock();
    const fetchToken = issuer(c.clock);
    const cache = createTokenCache({ fetchToken, clock: c.clock });
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    c.advance(60_000);
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  test("default window is max(60 s, 10 % of lifetime)", () => {
    expect(defaultRefreshWindow(3_600_000)).toBe(360_000);
    expect(defaultRefreshWindow(300_000)).toBe(60_000);
    expect(defaultRefreshWindow(undefined)).toBe(60_000);
  });

  test.each([
    [3600, 360_000], // 10 % of an hour
    [300, 60_000], // the 60 s floor
  ])("a %i s token is refreshed early, %i ms before expiry", async (lifetime, window) => {
    const c = fakeClock();
    const fetchToken = issuer(c.clock, lifetime);
    const cache = createTokenCache({ fetchToken, clock: c.clock });
    await cache.getToken();
    c.set(T0 + lifetime * 1000 - window - 1);
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    c.advance(2);
    expect((await cache.getToken()).accessToken).toBe("tok-2");
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test("refreshWindow is configurable: a number or a function of the lifetime", async () => {
    const c = fakeClock();
    const fetchToken = issuer(c.clock, 3600);
    const cache = createTokenCache({ fetchToken, clock: c.clock, refreshWindow: 1000 });
    await cache.getToken();
    c.set(T0 + 3_600_000 - 1001);
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    c.advance(2);
    expect((await cache.getToken()).accessToken).toBe("tok-2");

    const c2 = fakeClock();
    const f2 = issuer(c2.clock, 100);
    const cache2 = createTokenCache({ fetchToken: f2, clock: c2.clock, refreshWindow: (life) => (life ?? 0) / 4 });
    await cache2.getToken();
    c2.set(T0 + 74_999);
    await cache2.getToken();
    expect(f2).toHaveBeenCalledTimes(1);
    c2.set(T0 + 75_000);
    await cache2.getToken();
    expect(f2).toHaveBeenCalledTimes(2);
  });

  test("a token shorter-lived than the window is still reused for half its life", async () => {
    const c = fakeClock();
    const fetchToken = issuer(c.clock, 30);
    const cache = createTokenCache({ fetchToken, clock: c.clock });
    await cache.getToken();
    await cache.getToken();
    c.advance(14_999);
    await cache.getToken();
    expect(fetchToken).toHaveBeenCalledTimes(1);
    c.advance(1);
    await cache.getToken();
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test("no expires_in: used until invalidated", async () => {
    const c = fakeClock();
    const fetchToken = issuer(c.clock, null);
    const cache = createTokenCache({ fetchToken, clock: c.clock });
    await cache.getToken();
    c.advance(365 * 86_400_000);
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    await cache.invalidate("tok-1");
    expect((await cache.getToken()).accessToken).toBe("tok-2");
  });

  test("single flight: concurrent callers on a cold cache share one request and its result", async () => {
    const d = deferred<AccessToken>();
    const fetchToken = vi.fn(() => d.promise);
    const cache = createTokenCache({ fetchToken });
    const all = Promise.all(Array.from({ length: 500 }, () => cache.getToken()));
    await new Promise((r) => setTimeout(r, 5));
    d.resolve(createAccessToken({ accessToken: "shared", tokenType: "Bearer", scopes: [] }));
    const tokens = await all;
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(["shared"]));
  });

  test("single flight: they all get the same error, and the failure is not cached", async () => {
    let fail = true;
    const fetchToken = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error("endpoint down");
      return createAccessToken({ accessToken: "ok", tokenType: "Bearer", scopes: [] });
    });
    const cache = createTokenCache({ fetchToken });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => cache.getToken()));
    expect(fetchToken).toHaveBeenCalledTimes(1);
    const reasons = new Set(results.map((r) => (r.status === "rejected" ? r.reason : "fulfilled")));
    expect(reasons.size).toBe(1);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe("endpoint down");
    fail = false;
    expect((await cache.getToken()).accessToken).toBe("ok");
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test("single flight on a stale cache too", async () => {
    const c = fakeClock();
    const fetchToken = issuer(c.clock, 3600);
    const cache = createTokenCache({ fetchToken, clock: c.clock });
    await cache.getToken();
    c.advance(3_600_000);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => cache.getToken()));
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(tokens.every((t) => t.accessToken === "tok-2")).toBe(true);
  });

  test("invalidate by value: a late 401 for the old token does not drop the refreshed one", async () => {
    const c = fakeClock();
    const fetchToken = issuer(c.clock);
    const cache = createTokenCache({ fetchToken, clock: c.clock });
    const old = await cache.getToken();
    await cache.invalidate(old); // first 401
    const fresh = await cache.getToken();
    expect(fresh.accessToken).toBe("tok-2");
    await cache.invalidate("tok-1"); // a late 401 from a request that used tok-1
    expect((await cache.getToken()).accessToken).toBe("tok-2");
    expect(fetchToken).toHaveBeenCalledTimes(2);
    await cache.invalidate(fresh);
    expect((await cache.getToken()).accessToken).toBe("tok-3");
  });

  test("invalidate during a refresh does not drop the token being fetched", async () => {
    const d = deferred<AccessToken>();
    const c = fakeClock();
    let n = 0;
    const fetchToken = vi.fn(async () => (++n === 1 ? createAccessToken({ accessToken: "tok-1", tokenType: "Bearer", scopes: [] }) : d.promise));
    const cache = createTokenCache({ fetchToken, clock: c.clock });
    await cache.getToken();
    await cache.invalidate("tok-1");
    const pending = cache.getToken();
    await cache.invalidate("tok-1"); // a second late 401 while tok-2 is being fetched
    d.resolve(createAccessToken({ accessToken: "tok-2", tokenType: "Bearer", scopes: [] }));
    expect((await pending).accessToken).toBe("tok-2");
    expect((await cache.getToken()).accessToken).toBe("tok-2");
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test("forceRefresh fetches a new token even when the cached one is fresh, and passes the refresh token", async () => {
    const c = fakeClock();
    const fetchToken = issuer(c.clock);
    const cache = createTokenCache({ fetchToken, clock: c.clock });
    await cache.getToken();
    expect((await cache.getToken({ forceRefresh: true })).accessToken).toBe("tok-2");
    expect(fetchToken).toHaveBeenLastCalledWith(expect.objectContaining({ refreshToken: "rt-1" }));
    expect(fetchToken.mock.lastCall?.[0].previous?.accessToken).toBe("tok-1");
    expect((await cache.getToken()).accessToken).toBe("tok-2");
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test("forceRefresh ignores the store's copy of the token being replaced", async () => {
    const c = fakeClock();
    const store = new MemoryTokenStore();
    const fetchToken = issuer(c.clock);
    const cache = createTokenCache({ fetchToken, clock: c.clock, store, key: "default" });
    await cache.getToken();
    const forced = await cache.getToken({ forceRefresh: true });
    expect(forced.accessToken).toBe("tok-2");
    expect((await store.get("default"))?.accessToken).toBe("tok-2");
  });

  test("a failed early refresh keeps serving the unexpired token; an expired one surfaces the error", async () => {
    const c = fakeClock();
    let fail = false;
    const inner = issuer(c.clock, 3600);
    const fetchToken = vi.fn(async (ctx: { refreshToken?: string }) => {
      if (fail) throw new Error("down");
      return inner(ctx);
    });
    const warn = vi.fn();
    const cache = createTokenCache({ fetchToken, clock: c.clock, logger: { warn } });
    await cache.getToken();
    fail = true;
    c.set(T0 + 3_600_000 - 1000); // inside the refresh window, not yet expired
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    expect(warn).toHaveBeenCalledTimes(1);
    c.set(T0 + 3_600_000); // expired
    await expect(cache.getToken()).rejects.toThrow("down");
    fail = false;
    expect((await cache.getToken()).accessToken).toBe("tok-2");
  });

  test("uses a token already in the store (another process fetched it)", async () => {
    const c = fakeClock();
    const store = new MemoryTokenStore();
    await store.set("k", createAccessToken({ accessToken: "from-store", tokenType: "Bearer", scopes: [], issuedAt: T0, expiresAt: T0 + 3_600_000 }));
    const fetchToken = issuer(c.clock);
    const cache = createTokenCache({ fetchToken, clock: c.clock, store, key: "k" });
    expect((await cache.getToken()).accessToken).toBe("from-store");
    expect(fetchToken).not.toHaveBeenCalled();
    c.advance(3_600_000);
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    expect((await store.get("k"))?.accessToken).toBe("tok-1");
  });

  test("a failing store degrades to memory with one warning, and says when it recovers", async () => {
    const c = fakeClock();
    let broken = true;
    const inner = new MemoryTokenStore();
    const guard = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
      if (broken) throw new Error("ECONNREFUSED redis");
      return f(...a);
    };
    const store: TokenStore = { get: guard((k) => inner.get(k)), set: guard((k, t) => inner.set(k, t)), delete: guard((k, v) => inner.delete(k, v)) };
    const warn = vi.fn();
    const fetchToken = issuer(c.clock);
    const cache = createTokenCache({ fetchToken, clock: c.clock, store, key: "default", logger: { warn } });
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    await cache.getToken({ forceRefresh: true });
    await cache.invalidate("tok-2");
    expect((await cache.getToken()).accessToken).toBe("tok-3");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/Token store failed/);
    broken = false;
    await cache.getToken({ forceRefresh: true });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]![0]).toMatch(/working again/);
    expect((await inner.get("default"))?.accessToken).toBe("tok-4");
  });

  test("a store with a lock: taken around the refresh, released, and the store re-read after waiting", async () => {
    const c = fakeClock();
    const inner = new MemoryTokenStore();
    const events: string[] = [];
    let otherProcessWins = false;
    const store: TokenStore = {
      get: async (k) => {
        events.push("get");
        return inner.get(k);
      },
      set: async (k, t) => {
        events.push(`set ${t.accessToken}`);
        return inner.set(k, t);
      },
      delete: (k, v) => inner.delete(k, v),
      lock: async (k, ttl) => {
        events.push(`lock ${k} ${ttl}`);
        // While we waited, another process refreshed and stored its token.
        if (otherProcessWins) await inner.set(k, createAccessToken({ accessToken: "other", tokenType: "Bearer", scopes: [], issuedAt: c.clock(), expiresAt: c.clock() + 3_600_000 }));
        return async () => {
          events.push("unlock");
        };
      },
    };
    const fetchToken = issuer(c.clock);
    const cache = createTokenCache({ fetchToken, clock: c.clock, store, key: "svc", lockTtlMs: 5000 });
    expect((await cache.getToken()).accessToken).toBe("tok-1");
    expect(events).toEqual(["get", "lock svc 5000", "get", "set tok-1", "unlock"]);
    events.length = 0;
    otherProcessWins = true;
    await cache.invalidate("tok-1");
    expect((await cache.getToken()).accessToken).toBe("other");
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(events).toEqual(["get", "lock svc 5000", "get", "unlock"]);
  });

  test("the lock is released when fetchToken fails", async () => {
    const release = vi.fn(async () => {});
    const store: TokenStore = { get: async () => undefined, set: async () => {}, delete: async () => {}, lock: async () => release };
    const cache = createTokenCache({ fetchToken: () => Promise.reject(new Error("nope")), store, key: "default" });
    await expect(cache.getToken()).rejects.toThrow("nope");
    expect(release).toHaveBeenCalledTimes(1);
  });

  test("cache hit resolves without touching the store", async () => {
    const store = new MemoryTokenStore();
    const get = vi.spyOn(store, "get");
    const cache = createTokenCache({ fetchToken: issuer(Date.now), store, key: "default" });
    await cache.getToken();
    get.mockClear();
    for (let i = 0; i < 100; i++) await cache.getToken();
    expect(get).not.toHaveBeenCalled();
  });
});
