import { type OAuth2Emulator, startOAuth2Emulator, startServer, type TestServer } from "@auth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { AuthError, basicAuthorization, checkEndpointUrl, InvalidTokenResponseError, isLoopbackHost, OAuthError, requestToken, Secret, TokenEndpointError } from "../src/index.js";

const grant = { grant_type: "client_credentials" };
const fast = { limit: 2, delay: () => 5 }; // backoff shape is ky's; keep the suite quick

async function caught(p: Promise<unknown>): Promise<AuthError> {
  try {
    await p;
  } catch (e) {
    return e as AuthError;
  }
  throw new Error("expected a rejection");
}

describe("client authentication, byte-exact", () => {
  // Computed by hand from the strings, not by the code under test.
  // RFC 6749 §2.3.1: form-urlencode each part first ("my client" -> "my+client", "p@ss:w/rd+é" -> "p%40ss%3Aw%2Frd%2B%C3%A9").
  const id = "my client";
  const secret = "p@ss:w/rd+é";
  test("basic rfc6749", () => {
    expect(basicAuthorization(id, secret)).toBe(`Basic ${Buffer.from("my+client:p%40ss%3Aw%2Frd%2B%C3%A9").toString("base64")}`);
    expect(basicAuthorization(id, new Secret(secret), "rfc6749")).toBe("Basic bXkrY2xpZW50OnAlNDBzcyUzQXclMkZyZCUyQiVDMyVBOQ==");
  });
  test("basic raw: base64 of the UTF-8 bytes of id:secret as is", () => {
    expect(basicAuthorization(id, secret, "raw")).toBe("Basic bXkgY2xpZW50OnBAc3M6dy9yZCvDqQ==");
    expect(basicAuthorization(id, secret, "raw")).toBe(`Basic ${Buffer.from(`${id}:${secret}`, "utf8").toString("base64")}`);
  });
});

describe("requestToken against an emulator", () => {
  let emu: OAuth2Emulator;
  let raw: OAuth2Emulator;
  let post: OAuth2Emulator;
  const weird = { clientId: "my client", clientSecret: "p@ss:w/rd+é" };
  beforeAll(async () => {
    [emu, raw, post] = await Promise.all([
      startOAuth2Emulator({ ...weird, clientAuth: "basic-rfc6749", scopes: ["read", "write"] }),
      startOAuth2Emulator({ ...weird, clientAuth: "basic-raw" }),
      startOAuth2Emulator({ clientAuth: "post" }),
    ]);
  });
  afterAll(() => Promise.all([emu.close(), raw.close(), post.close()]));
  beforeEach(() => {
    for (const e of [emu, raw, post]) {
      e.setFault(null);
      e.requests.clear();
    }
  });

  test("basic rfc6749: the server decodes the id and secret; the response is parsed", async () => {
    const t = await requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird } });
    expect(t).toMatchObject({ tokenType: "Bearer", scopes: ["read", "write"] });
    expect(emu.issuer.verify(t.accessToken)).toBeTruthy();
    const req = emu.requests.all[0]!;
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(req.headers.accept).toBe("application/json");
    expect(new URLSearchParams(req.body).get("grant_type")).toBe("client_credentials");
  });

  test("the wrong encoding for the server is refused as invalid_client (the modes really differ)", async () => {
    const e = await caught(requestToken({ url: raw.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird, encoding: "rfc6749" } }));
    expect(e).toBeInstanceOf(OAuthError);
    expect((e as OAuthError).error).toBe("invalid_client");
    const t = await requestToken({ url: raw.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird, encoding: "raw" } });
    expect(raw.issuer.verify(t.accessToken)).toBeTruthy();
  });

  test("post: client_id and client_secret in the form body, no Authorization header", async () => {
    await requestToken({ url: post.tokenUrl, params: grant, clientAuth: { method: "post", ...post.credentials } });
    const req = post.requests.all[0]!;
    expect(req.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ grant_type: "client_credentials", client_id: "test-client", client_secret: "test-secret" });
  });

  test("RFC 6749 §5.2 error body -> OAuthError with fields, status and hint; not retried", async () => {
    const e = await caught(requestToken({ url: post.tokenUrl, params: { grant_type: "password" }, clientAuth: { method: "post", ...post.credentials }, retry: fast }));
    expect(e).toBeInstanceOf(OAuthError);
    expect(e).toMatchObject({ code: "oauth_error", error: "unsupported_grant_type", status: 400 });
    expect(e.hint).toMatch(/grant type/);
    expect(post.requests.count()).toBe(1);
  });

  test("provider hints by error code override the default", async () => {
    const e = await caught(
      requestToken({ url: post.tokenUrl, params: grant, clientAuth: { method: "post", clientId: "x", clientSecret: "y" }, hints: { invalid_client: "Check apiKey.properties" } }),
    );
    expect(e).toMatchObject({ error: "invalid_client", status: 401, hint: "Check apiKey.properties" });
  });

  test("5xx twice then up: succeeds on the third attempt", async () => {
    emu.setFault({ kind: "status", status: 503, times: 2 });
    const t = await requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird }, retry: fast });
    expect(t.accessToken).toMatch(/^tok_/);
    expect(emu.requests.count("/oauth/token")).toBe(3);
  });

  test("retries are bounded: 5xx forever fails after 1 + limit attempts with a TokenEndpointError", async () => {
    emu.setFault({ kind: "status", status: 500, body: "boom" });
    const e = await caught(requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird }, retry: fast }));
    expect(e).toBeInstanceOf(TokenEndpointError);
    expect(e.status).toBe(500);
    expect(e.message).toContain('"boom"');
    expect(emu.requests.count()).toBe(3);
  });

  test.each([400, 401, 403, 404])("no retry on %i", async (status) => {
    emu.setFault({ kind: "status", status, body: "nope" });
    const e = await caught(requestToken({ url: emu.tokenUrl, params: grant, retry: fast }));
    expect(e).toBeInstanceOf(TokenEndpointError);
    expect(e.status).toBe(status);
    expect(emu.requests.count()).toBe(1);
  });

  test.each([408, 429, 502, 504])("retries %i", async (status) => {
    emu.setFault({ kind: "status", status, times: 1 });
    await requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird }, retry: fast });
    expect(emu.requests.count()).toBe(2);
  });

  test("429 with Retry-After is retried after the server-given delay (timing measured in integration.test.ts)", async () => {
    emu.setFault({ kind: "rateLimit", retryAfterSeconds: 0, times: 1 });
    await requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird } });
    expect(emu.requests.count()).toBe(2);
  });

  test("backoff has jitter: the first retry's delay is random within ky's 300 ms step, not fixed", async () => {
    // Six independent requests whose first attempt gets a 503 without Retry-After; the gap
    // until the retry is measured at the transport. Full jitter draws it from [0, 300] ms, so
    // six gaps within 40 ms of each other would mean no jitter (chance with it: ~3e-4).
    const gap = async () => {
      const at: number[] = [];
      const fetchImpl = async (input: string | URL | Request) => {
        at.push(performance.now());
        await (input instanceof Request ? input.arrayBuffer() : undefined);
        return at.length === 1 ? new Response("busy", { status: 503 }) : Response.json({ access_token: "t", token_type: "Bearer" });
      };
      await requestToken({ url: "https://auth.example.test/token", params: grant, fetch: fetchImpl, retry: 1 });
      return at[1]! - at[0]!;
    };
    const gaps = await Promise.all(Array.from({ length: 6 }, gap));
    for (const g of gaps) expect(g).toBeLessThan(1000); // 300 ms at most, plus a loaded machine
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeGreaterThan(40);
  });

  test("default backoff: down for 2 attempts then up succeeds within the default budget", async () => {
    emu.setFault({ kind: "status", status: 502, times: 2 });
    const t0 = performance.now();
    await requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird } });
    expect(performance.now() - t0).toBeLessThan(2000); // 0.3 s + 0.6 s at most, with full jitter
    expect(emu.requests.count()).toBe(3);
  });

  test("timeout per attempt -> TokenEndpointError code timeout", async () => {
    emu.setFault({ kind: "delay", delayMs: 400 });
    const t0 = performance.now();
    const e = await caught(requestToken({ url: emu.tokenUrl, params: grant, timeout: 50, retry: 0 }));
    expect(e).toBeInstanceOf(TokenEndpointError);
    expect(e.code).toBe("timeout");
    expect(e.message).toMatch(/did not answer within 50 ms/);
    expect(performance.now() - t0).toBeLessThan(350);
  });

  test("a timed-out attempt is retried", async () => {
    emu.setFault({ kind: "delay", delayMs: 300, times: 1 });
    const t = await requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird }, timeout: 100, retry: fast });
    expect(t.accessToken).toBeTruthy();
  });

  test("a dropped connection is retried, and reported as a network error when it persists", async () => {
    emu.setFault({ kind: "drop", times: 1 });
    await requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "basic", ...weird }, retry: fast });
    expect(emu.requests.count()).toBe(2);
    emu.setFault({ kind: "drop" });
    const e = await caught(requestToken({ url: emu.tokenUrl, params: grant, retry: 0 }));
    expect(e).toBeInstanceOf(TokenEndpointError);
    expect(e.code).toBe("network");
  });

  test("connection refused -> network error naming the host", async () => {
    const s = await startServer(() => {});
    const url = `${s.url}/token`;
    await s.close();
    const e = await caught(requestToken({ url, params: grant, retry: 0 }));
    expect(e).toMatchObject({ code: "network" });
    expect(e.message).toContain(new URL(url).host);
  });

  test("HTML 502 -> TokenEndpointError quoting the status and a short text excerpt", async () => {
    emu.setFault({ kind: "html", status: 502 });
    const e = await caught(requestToken({ url: emu.tokenUrl, params: grant, retry: 0 }));
    expect(e).toBeInstanceOf(TokenEndpointError);
    expect(e.status).toBe(502);
    expect(e.message).toMatch(/answered 502 Bad Gateway \(text\/html\): "502 Bad Gateway nginx"/);
    expect(e.message).not.toMatch(/[<>]|font-family/);
    expect(e.message.length).toBeLessThan(300);
    expect(e.hint).toMatch(/unavailable/);
  });

  test("a long body is cut to a short excerpt", async () => {
    emu.setFault({ kind: "status", status: 500, body: "x".repeat(5000) });
    const e = await caught(requestToken({ url: emu.tokenUrl, params: grant, retry: 0 }));
    expect(e.message.length).toBeLessThan(300);
    expect(e.message).toContain("…");
  });

  test("malformed JSON on 200 -> InvalidTokenResponseError without the token in it", async () => {
    emu.setFault({ kind: "malformedJson" });
    const e = await caught(requestToken({ url: emu.tokenUrl, params: grant, retry: 0 }));
    expect(e).toBeInstanceOf(InvalidTokenResponseError);
    expect(e.message).toMatch(/not JSON/);
    expect(e.message).not.toMatch(/"abc"/);
  });

  test("a 200 without access_token, or with a non-bearer token_type, is InvalidTokenResponseError", async () => {
    const s: TestServer = await startServer((ctx) => {
      if (ctx.url.pathname === "/a") ctx.json(200, { token_type: "Bearer" });
      else ctx.json(200, { access_token: "x", token_type: "MAC" });
    });
    try {
      expect(await caught(requestToken({ url: `${s.url}/a`, params: grant }))).toBeInstanceOf(InvalidTokenResponseError);
      expect((await caught(requestToken({ url: `${s.url}/b`, params: grant }))).message).toMatch(/token_type "MAC"/);
      expect((await requestToken({ url: `${s.url}/b`, params: grant, acceptTokenTypes: ["mac"] })).tokenType).toBe("MAC");
    } finally {
      await s.close();
    }
  });

  test("a 200 echoing a sent secret in token_type or expires_in does not quote it", async () => {
    const secret = "CANARY-echo-9f3e";
    const s: TestServer = await startServer((ctx) => {
      if (ctx.url.pathname === "/type") ctx.json(200, { access_token: "x", token_type: secret });
      else ctx.json(200, { access_token: "x", expires_in: secret });
    });
    try {
      for (const path of ["/type", "/expires"]) {
        for (const clientAuth of [
          { method: "post" as const, clientId: "c", clientSecret: secret },
          { method: "basic" as const, clientId: "c", clientSecret: new Secret(secret) },
        ]) {
          const e = await caught(requestToken({ url: `${s.url}${path}`, params: grant, clientAuth }));
          expect(e).toBeInstanceOf(InvalidTokenResponseError);
          // token_type is quoted after redaction; a string expires_in is described, never quoted.
          expect(e.message).toMatch(path === "/type" ? /\[redacted\]/ : /expires_in as a 16-character string/);
          expect(`${e.message} ${e.stack} ${e.hint}`).not.toContain(secret);
        }
      }
    } finally {
      await s.close();
    }
  });

  test("an abort signal cancels the request", async () => {
    emu.setFault({ kind: "delay", delayMs: 500 });
    const ac = new AbortController();
    const p = requestToken({ url: emu.tokenUrl, params: grant, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toThrow();
  });
});

describe("http:// policy", () => {
  const okFetch = vi.fn(async () => new Response(JSON.stringify({ access_token: "a", token_type: "bearer" }), { headers: { "content-type": "application/json" } }));

  test("refuses http:// to a non-loopback host before any request", async () => {
    okFetch.mockClear();
    const e = await caught(requestToken({ url: "http://auth.example.com/token", params: grant, fetch: okFetch }));
    expect(e).toMatchObject({ code: "insecure_url" });
    expect(okFetch).not.toHaveBeenCalled();
  });

  test("allowInsecure opts in; https and loopback are fine", async () => {
    okFetch.mockClear();
    await requestToken({ url: "http://auth.example.com/token", params: grant, fetch: okFetch, allowInsecure: true });
    await requestToken({ url: "https://auth.example.com/token", params: grant, fetch: okFetch });
    expect(okFetch).toHaveBeenCalledTimes(2);
  });

  test("loopback hosts and URL checks", () => {
    for (const h of ["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1", "LOCALHOST"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "example.com", "127.0.0.1.example.com", "10.0.0.1", "localhost.example"]) expect(isLoopbackHost(h)).toBe(false);
    expect(checkEndpointUrl("http://[::1]:8080/x", "x").port).toBe("8080");
    expect(() => checkEndpointUrl("not a url", "The token endpoint")).toThrow(/not a valid absolute URL/);
    expect(() => checkEndpointUrl("ftp://example.com/", "x")).toThrow(AuthError);
  });
});
