import { describe, expect, test } from "vitest";
import { type AccessToken, AuthError, ConfigurationError, createAccessToken, createBearerAuth, createTokenCache, type FetchTokenContext, MemoryTokenStore } from "../src/index.js";

const token = (n: number): AccessToken => createAccessToken({ accessToken: `tok${n}`, tokenType: "Bearer", scopes: [], refreshToken: `rt${n}` });

describe("a store needs a key", () => {
  test("store without key: ConfigurationError at construction, with a hint naming storeKey", () => {
    const build = () => createBearerAuth({ store: new MemoryTokenStore(), fetchToken: async () => token(1) });
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/without a key/);
    try {
      build();
    } catch (e) {
      expect((e as ConfigurationError).hint).toContain("storeKey(");
    }
    expect(() => createTokenCache({ store: new MemoryTokenStore(), key: "", fetchToken: async () => token(1) })).toThrow(ConfigurationError);
  });

  test("two providers with their own keys on one store never read each other's token", async () => {
    const store = new MemoryTokenStore();
    const a = createTokenCache({ store, key: "a", fetchToken: async () => token(1) });
    const b = createTokenCache({ store, key: "b", fetchToken: async () => token(2) });
    expect((await a.getToken()).accessToken).toBe("tok1");
    expect((await b.getToken()).accessToken).toBe("tok2");
  });

  test("no store: the private memory store needs no key", async () => {
    expect((await createTokenCache({ fetchToken: async () => token(1) }).getToken()).accessToken).toBe("tok1");
  });
});

describe("clear()", () => {
  test("forgets the token in memory and in the store; the next fetch has no previous token nor refresh token", async () => {
    const store = new MemoryTokenStore();
    const contexts: FetchTokenContext[] = [];
    let n = 0;
    const auth = createBearerAuth({
      store,
      key: "k",
      fetchToken: async (context) => {
        contexts.push(context);
        return token(++n);
      },
    });
    await auth.getToken();
    await auth.invalidate("tok1"); // a 401: the dropped token's refresh token would be offered next
    await auth.clear();
    expect(await store.get("k")).toBeUndefined();
    expect((await auth.getToken()).accessToken).toBe("tok2");
    expect(contexts[1]).toEqual({});
  });

  test("a refresh in flight when clear() is called is not cached when it lands", async () => {
    const store = new MemoryTokenStore();
    let release: (t: AccessToken) => void = () => {};
    let n = 0;
    const cache = createTokenCache({
      store,
      key: "k",
      fetchToken: () => (++n === 1 ? new Promise<AccessToken>((r) => (release = r)) : Promise.resolve(token(n))),
    });
    const first = cache.getToken();
    await new Promise((r) => setTimeout(r, 5));
    await cache.clear();
    release(token(1));
    expect((await first).accessToken).toBe("tok1"); // its caller still gets it
    expect(await store.get("k")).toBeUndefined();
    expect((await cache.getToken()).accessToken).toBe("tok2");
  });

  test("a store that cannot delete makes clear() reject with code store (a logout must not pass silently)", async () => {
    const store = new MemoryTokenStore();
    store.delete = async () => {
      throw new Error("redis down");
    };
    const cache = createTokenCache({ store, key: "k", fetchToken: async () => token(1) });
    await expect(cache.clear()).rejects.toBeInstanceOf(AuthError);
    await expect(cache.clear()).rejects.toMatchObject({ code: "store" });
  });
});
