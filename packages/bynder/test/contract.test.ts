import { AuthError, ConfigurationError, type InteractiveProviderAuth, MemoryTokenStore, type ProviderAuth } from "@auth/core";
import { type BynderEmulator, startBynderEmulator } from "@auth/testing";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { type BynderAuth, type BynderLoginOptions, createBynderAuth } from "../src/index.js";
import { createBynderAuth as createNodeBynderAuth } from "../src/node.js";

// Compiled by tsc (tsconfig includes test/): the factory returns core's one provider shape.
expectTypeOf(createBynderAuth).returns.toExtend<InteractiveProviderAuth<BynderLoginOptions>>();
expectTypeOf(createNodeBynderAuth).returns.toExtend<InteractiveProviderAuth<BynderLoginOptions>>();
expectTypeOf<BynderAuth>().toExtend<ProviderAuth>();

let emulator: BynderEmulator;
beforeEach(async () => {
  emulator = await startBynderEmulator();
});
afterEach(() => emulator.close());

const approve = async (auth: BynderAuth) => {
  const rt = await auth.requestToken();
  emulator.authorise(rt.key);
  return auth.accessToken(rt);
};

describe("client() resolves URLs like a browser", () => {
  it("an absolute URL is used as it is; a relative one resolves against the base URL", async () => {
    const api = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.credentials.consumer, token: emulator.credentials.permanentToken }).client();
    await api.get(`${emulator.url}/api/v4/media/?limit=1`).json();
    await api.get("api/v4/media/?limit=2").json();
    await api.get("/api/v4/media/?limit=3").json();
    expect(emulator.requests.all.map((r) => r.url)).toEqual(["/api/v4/media/?limit=1", "/api/v4/media/?limit=2", "/api/v4/media/?limit=3"]);
  });

  it("a base URL with a path keeps it for relative URLs", async () => {
    const seen: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return new Response("{}", { headers: { "content-type": "application/json" } });
    };
    const api = createBynderAuth({ baseUrl: "https://company.example.com/bynder", consumer: { key: "ck", secret: "cs" }, token: { key: "tk", secret: "ts" }, fetch }).client();
    await api.get("api/v4/media/").json();
    await api.get("https://other.example.com/x").json();
    expect(seen).toEqual(["https://company.example.com/bynder/api/v4/media/", "https://other.example.com/x"]);
  });
});

describe("the provider contract, on core's token cache and store", () => {
  it("getToken rejects login_required, then the handshake's token is cached and stored; clear() forgets it", async () => {
    const store = new MemoryTokenStore();
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.credentials.consumer, store, storeKey: "k" });
    await expect(auth.getToken()).rejects.toMatchObject({ code: "login_required" });
    const token = await approve(auth);
    await expect(auth.getToken()).resolves.toBe(token);
    expect((await store.get("k"))?.accessToken).toBe(token.accessToken);
    await auth.clear();
    expect(await store.get("k")).toBeUndefined();
    await expect(auth.getToken()).rejects.toMatchObject({ code: "login_required" });
    await expect(auth.fetch(emulator.mediaUrl)).rejects.toMatchObject({ code: "login_required" });
  });

  it("setToken adopts a token pair (and refuses one without its secret); a permanent token is never written to the store", async () => {
    const store = new MemoryTokenStore();
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.credentials.consumer, store, storeKey: "k" });
    const issued = emulator.issueAccessToken();
    await auth.setToken({ accessToken: issued.key, tokenSecret: String(issued.secret), tokenType: "OAuth", scopes: [] });
    expect((await auth.fetch(emulator.mediaUrl)).status).toBe(200);
    await expect(auth.setToken({ accessToken: "x", tokenType: "OAuth", scopes: [] })).rejects.toBeInstanceOf(ConfigurationError);

    const other = new MemoryTokenStore();
    const permanent = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.credentials.consumer, token: emulator.credentials.permanentToken, store: other, storeKey: "k" });
    expect((await permanent.getToken()).expiresAt).toBeUndefined();
    expect((await permanent.fetch(emulator.mediaUrl)).status).toBe(200);
    expect(await other.get("k")).toBeUndefined();
    // clear() forgets nothing that was given up front: the permanent token stays.
    await permanent.clear();
    expect((await permanent.getToken()).accessToken).toBe(emulator.credentials.permanentToken.key);
  });

  it("login() on the runtime-neutral entry rejects with login_unavailable, saying where it works", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.credentials.consumer });
    const error = await auth.login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe("login_unavailable");
    expect((error as AuthError).hint).toContain("@auth/bynder/node");
  });
});
