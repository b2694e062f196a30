import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createBearerAuth, createTokenCache, requestToken } from "../src/index.js";

// Over real HTTP against the generic emulator; time is injected (one fake clock shared by the
// emulator and the cache), so nothing here sleeps on the token clock.
let now = 1_700_000_000_000;
const clock = () => now;
let emu: OAuth2Emulator;
beforeAll(async () => {
  emu = await startOAuth2Emulator({ clock, tokenLifetimeSeconds: 3600 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.setFault(null);
  emu.requests.clear();
});

const TOKEN_PATH = "/oauth/token";
const makeAuth = (retry?: number | { limit: number; delay: () => number }) =>
  createBearerAuth({
    clock,
    fetchToken: () =>
      requestToken({ url: emu.tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "basic", ...emu.credentials }, clock, ...(retry === undefined ? {} : { retry }) }),
  });

describe("against the OAuth 2 emulator", () => {
  test("1,000 concurrent getToken() on a cold cache make exactly 1 token request", async () => {
    const auth = makeAuth();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => auth.getToken()));
    expect(emu.requests.count(TOKEN_PATH)).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(emu.issuer.verify(tokens[0]!.accessToken)).toBeTruthy();
  });

  test("300 concurrent API requests on a cold cache: 1 token request, all succeed", async () => {
    const api = makeAuth().client();
    const results = await Promise.all(Array.from({ length: 300 }, () => api.get(emu.resourceUrl).json<{ ok: boolean }>()));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(emu.requests.count(TOKEN_PATH)).toBe(1);
    expect(emu.requests.count("/api/ping")).toBe(300);
  });

  test("a 401 mid-flight (token revoked early) refreshes once and the request succeeds", async () => {
    const auth = makeAuth();
    const api = auth.client();
    expect((await api.get(emu.resourceUrl)).status).toBe(200);
    emu.setFault({ kind: "expireTokens" });
    // 50 requests in flight with the dead token: each gets a 401, one refresh serves them all.
    const results = await Promise.all(Array.from({ length: 50 }, () => api.get(emu.resourceUrl).json<{ ok: boolean }>()));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(emu.requests.count(TOKEN_PATH)).toBe(2);
    expect((await auth.fetch(emu.resourceUrl)).status).toBe(200);
    expect(emu.requests.count(TOKEN_PATH)).toBe(2);
  });

  test("tokens are refreshed early, before the server would reject them (fake clock)", async () => {
    const auth = makeAuth();
    const api = auth.client();
    await api.get(emu.resourceUrl);
    const first = (await auth.getToken()).accessToken;
    now += 3600_000 - 361_000; // just outside the 10 % window: still the same token
    await api.get(emu.resourceUrl);
    expect((await auth.getToken()).accessToken).toBe(first);
    now += 2000; // inside the window: a new token, and no 401 ever seen
    expect((await api.get(emu.resourceUrl)).status).toBe(200);
    expect((await auth.getToken()).accessToken).not.toBe(first);
    expect(emu.requests.count(TOKEN_PATH)).toBe(2);
    expect(emu.requests.all.filter((r) => r.path === "/api/ping").length).toBe(3);
  });

  test("token endpoint down for 2 attempts, then up: the request succeeds within the default retry budget", async () => {
    emu.setFault({ kind: "status", status: 503, times: 2, paths: [TOKEN_PATH] });
    const t0 = performance.now();
    const res = await makeAuth().fetch(emu.resourceUrl);
    expect(res.status).toBe(200);
    expect(emu.requests.count(TOKEN_PATH)).toBe(3);
    expect(performance.now() - t0).toBeLessThan(2500);
  });

  test("token endpoint down for longer than the budget: the error reaches every waiting caller once, then recovery", async () => {
    emu.setFault({ kind: "html", status: 502, paths: [TOKEN_PATH] });
    const auth = makeAuth({ limit: 2, delay: () => 5 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => auth.fetch(emu.resourceUrl)));
    expect(results.every((r) => r.status === "rejected" && /502/.test(String(r.reason.message)))).toBe(true);
    expect(emu.requests.count(TOKEN_PATH)).toBe(3);
    emu.setFault(null);
    expect((await auth.fetch(emu.resourceUrl)).status).toBe(200);
  });

  test("Retry-After on the token endpoint is respected (measured)", async () => {
    emu.setFault({ kind: "rateLimit", retryAfterSeconds: 1, times: 1, paths: [TOKEN_PATH] });
    const t0 = performance.now();
    const res = await makeAuth().fetch(emu.resourceUrl);
    const elapsed = performance.now() - t0;
    expect(res.status).toBe(200);
    const [a, b] = emu.requests.all.filter((r) => r.path === TOKEN_PATH);
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1800);
  });

  test("a dropped connection on the token endpoint is retried", async () => {
    emu.setFault({ kind: "drop", times: 1, paths: [TOKEN_PATH] });
    expect((await makeAuth({ limit: 2, delay: () => 5 }).fetch(emu.resourceUrl)).status).toBe(200);
    expect(emu.requests.count(TOKEN_PATH)).toBe(2);
  });

  test("wrong client secret: OAuthError invalid_client, not retried, not cached", async () => {
    const cache = createTokenCache({
      fetchToken: () => requestToken({ url: emu.tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "basic", clientId: "test-client", clientSecret: "wrong" } }),
    });
    await expect(cache.getToken()).rejects.toMatchObject({ code: "oauth_error", error: "invalid_client", status: 401 });
    await expect(cache.getToken()).rejects.toMatchObject({ error: "invalid_client" });
    expect(emu.requests.count(TOKEN_PATH)).toBe(2);
  });
});
