// The shared machinery under every emulator (issue 2, "@auth/testing, first part"), tested on
// its own over real HTTP: the server and its request log, every switchable fault, the generic
// OAuth 2 token endpoint in its three client-authentication modes, the protected resource,
// the token issuer and the token faults.
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { decodeBasic, type OAuth2Emulator, startOAuth2Emulator, startServer, type TestServer, TokenIssuer, tokenFaults } from "../src/index.js";

// RFC 6749 §2.3.1 / Appendix B: form-urlencode id and secret, then Base64 (what a conforming
// client sends); "raw" is Base64 of `id:secret` as is. Written here, not imported from a client.
const formEncode = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);
const basic = (id: string, secret: string, mode: "raw" | "rfc6749") =>
  `Basic ${Buffer.from(mode === "raw" ? `${id}:${secret}` : `${formEncode(id)}:${formEncode(secret)}`).toString("base64")}`;
const tokenRequest = (e: OAuth2Emulator, init: { authorization?: string; form?: Record<string, string>; method?: string } = {}) =>
  fetch(e.tokenUrl, {
    method: init.method ?? "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(init.authorization ? { authorization: init.authorization } : {}) },
    ...(init.method === "GET" ? {} : { body: new URLSearchParams(init.form ?? { grant_type: "client_credentials" }).toString() }),
  });

describe("startServer: a loopback server with a request log", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((ctx) => {
      if (ctx.url.pathname === "/echo") return ctx.json(200, { form: Object.fromEntries(ctx.form), body: ctx.body, base: ctx.base });
      if (ctx.url.pathname === "/boom") throw new Error("handler failed");
    });
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.setFault(null);
    server.requests.clear();
  });

  test("binds 127.0.0.1 on an ephemeral port; logs method, url, path, headers, body and time", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.server.address()).toMatchObject({ address: "127.0.0.1" });
    const t0 = Date.now();
    const r = await fetch(`${server.url}/echo?x=1`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-test": "yes" }, body: "a=1&b=two" });
    expect(await r.json()).toEqual({ form: { a: "1", b: "two" }, body: "a=1&b=two", base: server.url });
    const [logged] = server.requests.all;
    expect(logged).toMatchObject({ method: "POST", url: "/echo?x=1", path: "/echo", body: "a=1&b=two" });
    expect(logged!.headers["x-test"]).toBe("yes");
    expect(logged!.at).toBeGreaterThanOrEqual(t0);
    await fetch(`${server.url}/other`);
    expect(server.requests.count()).toBe(2);
    expect(server.requests.count("/echo")).toBe(1);
    server.requests.clear();
    expect(server.requests.count()).toBe(0);
  });

  test("a form is parsed only for a form content type; unknown paths are 404; a throwing handler is a 500", async () => {
    const r = await fetch(`${server.url}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: "a=1" });
    expect((await r.json()).form).toEqual({});
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
    const boom = await fetch(`${server.url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.text()).toMatch(/handler failed/);
  });

  test("close() ends keep-alive connections too, and can be called twice", async () => {
    const s = await startServer((ctx) => ctx.send(200, "ok"));
    const socket = connect(s.port, "127.0.0.1");
    await new Promise<void>((r) => socket.once("connect", () => r()));
    socket.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
    await new Promise<void>((r) => socket.once("data", () => r()));
    const closedSocket = new Promise<void>((r) => socket.once("close", () => r()));
    await Promise.all([s.close(), s.close()]);
    await closedSocket; // the server did not wait for the client to hang up
    await expect(fetch(s.url)).rejects.toThrow();
  });
});

describe("faults", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((ctx) => ctx.json(200, { ok: true }));
  });
  afterAll(() => server.close());
  afterEach(() => server.setFault(null));

  test("status: any code, body and content type", async () => {
    server.setFault({ kind: "status", status: 503, body: "down", contentType: "text/x-test" });
    const r = await fetch(server.url);
    expect([r.status, r.headers.get("content-type"), await r.text()]).toEqual([503, "text/x-test", "down"]);
  });

  test("rateLimit: 429 with Retry-After in seconds (RFC 9110 §10.2.3), or another status", async () => {
    server.setFault({ kind: "rateLimit", retryAfterSeconds: 7 });
    const r = await fetch(server.url);
    expect([r.status, r.headers.get("retry-after")]).toEqual([429, "7"]);
    server.setFault({ kind: "rateLimit", retryAfterSeconds: 1, status: 503 });
    expect((await fetch(server.url)).status).toBe(503);
  });

  test("delay: answers normally, after the delay", async () => {
    server.setFault({ kind: "delay", delayMs: 150 });
    const t0 = performance.now();
    const r = await fetch(server.url);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(await r.json()).toEqual({ ok: true });
  });

  test("malformedJson: a 200 JSON body that does not parse", async () => {
    server.setFault({ kind: "malformedJson" });
    const r = await fetch(server.url);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/json/);
    const text = await r.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  test("html: a proxy's HTML error page, 502 by default", async () => {
    server.setFault({ kind: "html" });
    const r = await fetch(server.url);
    expect(r.status).toBe(502);
    expect(r.headers.get("content-type")).toMatch(/text\/html/);
    expect(await r.text()).toMatch(/<title>502 Bad Gateway<\/title>/);
    server.setFault({ kind: "html", status: 504 });
    expect((await fetch(server.url)).status).toBe(504);
  });

  test("drop: the connection is destroyed without an answer", async () => {
    server.setFault({ kind: "drop" });
    await expect(fetch(server.url)).rejects.toThrow(TypeError);
  });

  test("paths limit a fault; times makes it go away after n requests; null clears it", async () => {
    server.setFault({ kind: "status", status: 500, paths: ["/a"], times: 2 });
    expect((await fetch(`${server.url}/b`)).status).toBe(200); // another path: not counted
    expect((await fetch(`${server.url}/a`)).status).toBe(500);
    expect((await fetch(`${server.url}/a`)).status).toBe(500);
    expect((await fetch(`${server.url}/a`)).status).toBe(200);
    server.setFault({ kind: "status", status: 500 });
    expect((await fetch(server.url)).status).toBe(500);
    expect((await fetch(server.url)).status).toBe(500);
    server.setFault(null);
    expect((await fetch(server.url)).status).toBe(200);
  });
});

describe("the generic OAuth 2 emulator (RFC 6749 §4.4 client credentials)", () => {
  // Characters that the two Basic encodings treat differently (RFC 6749 Appendix B).
  const credentials = { clientId: "id with+space", clientSecret: "s3cr+t/é&=:" };
  const emulators: OAuth2Emulator[] = [];
  const start = async (o: Parameters<typeof startOAuth2Emulator>[0] = {}) => {
    const e = await startOAuth2Emulator({ ...credentials, ...o });
    emulators.push(e);
    return e;
  };
  afterAll(() => Promise.all(emulators.map((e) => e.close())));

  test.each(["basic-rfc6749", "basic-raw"] as const)("%s: the right encoding gets a token, the other one is invalid_client", async (mode) => {
    const e = await start({ clientAuth: mode });
    const right = mode === "basic-raw" ? "raw" : "rfc6749";
    const wrong = mode === "basic-raw" ? "rfc6749" : "raw";
    const ok = await tokenRequest(e, { authorization: basic(credentials.clientId, credentials.clientSecret, right) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const body = await ok.json();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read" });
    expect(body.access_token).toMatch(/^tok_/);
    const bad = await tokenRequest(e, { authorization: basic(credentials.clientId, credentials.clientSecret, wrong) });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/^Basic /);
    expect(await bad.json()).toMatchObject({ error: "invalid_client" });
  });

  test("post: client_id and client_secret in the form; a Basic header alone is refused", async () => {
    const e = await start({ clientAuth: "post", tokenLifetimeSeconds: 60, scopes: ["a", "b"] });
    const form = { grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret };
    const ok = await tokenRequest(e, { form });
    expect(await ok.json()).toMatchObject({ expires_in: 60, scope: "a b" });
    const bad = await tokenRequest(e, { authorization: basic(credentials.clientId, credentials.clientSecret, "rfc6749") });
    expect(bad.status).toBe(401);
    expect(await tokenRequest(e, { form: { ...form, client_secret: "nope" } }).then((r) => r.json())).toMatchObject({ error: "invalid_client" });
  });

  test("RFC 6749 §5.2 errors: wrong secret, missing or other grant_type; GET is 405", async () => {
    const e = await start();
    const auth = basic(credentials.clientId, credentials.clientSecret, "rfc6749");
    expect(await (await tokenRequest(e, { authorization: basic(credentials.clientId, "wrong", "rfc6749") })).json()).toMatchObject({ error: "invalid_client" });
    const missing = await tokenRequest(e, { authorization: auth, form: {} });
    expect([missing.status, (await missing.json()).error]).toEqual([400, "invalid_request"]);
    const other = await tokenRequest(e, { authorization: auth, form: { grant_type: "password" } });
    expect([other.status, (await other.json()).error]).toEqual([400, "unsupported_grant_type"]);
    expect((await tokenRequest(e, { method: "GET" })).status).toBe(405);
    expect(e.requests.count("/oauth/token")).toBe(4);
  });

  test("the protected resource accepts only issued, unexpired tokens (RFC 6750 §3 challenges)", async () => {
    let now = 1_000_000;
    const e = await start({ clock: () => now, tokenLifetimeSeconds: 60 });
    const ping = (authorization?: string) => fetch(e.resourceUrl, authorization ? { headers: { authorization } } : {});
    const none = await ping();
    expect([none.status, none.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="emulator"']);
    const unknown = await ping("Bearer tok_not-issued-here");
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    const { access_token } = await (await tokenRequest(e, { authorization: basic(credentials.clientId, credentials.clientSecret, "rfc6749") })).json();
    const ok = await ping(`Bearer ${access_token}`);
    expect(await ok.json()).toEqual({ ok: true, clientId: credentials.clientId, method: "GET" });
    now += 60_000; // expires_in reached on the emulator's clock
    expect((await ping(`Bearer ${access_token}`)).status).toBe(401);
  });

  test("expireTokens: tokens issued so far stop working before their expires_in; new ones work", async () => {
    const e = await start();
    const auth = basic(credentials.clientId, credentials.clientSecret, "rfc6749");
    const first = (await (await tokenRequest(e, { authorization: auth })).json()).access_token;
    e.setFault({ kind: "expireTokens" });
    expect((await fetch(e.resourceUrl, { headers: { authorization: `Bearer ${first}` } })).status).toBe(401);
    const second = (await (await tokenRequest(e, { authorization: auth })).json()).access_token;
    expect((await fetch(e.resourceUrl, { headers: { authorization: `Bearer ${second}` } })).status).toBe(200);
    // The machinery's faults reach the token endpoint too.
    e.setFault({ kind: "rateLimit", retryAfterSeconds: 2, paths: ["/oauth/token"], times: 1 });
    expect((await tokenRequest(e, { authorization: auth })).status).toBe(429);
    expect((await tokenRequest(e, { authorization: auth })).status).toBe(200);
  });
});

describe("decodeBasic (a client's Authorization header)", () => {
  test("property: what a client encodes decodes back, in its mode", () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom(":", "+", " ", "%", "é", "/", "=", "😀"), fc.string({ minLength: 1, maxLength: 1 })) });
    fc.assert(
      fc.property(text.filter((s) => !s.includes(":")), text, (id, secret) => {
        expect(decodeBasic(basic(id, secret, "rfc6749"), "basic-rfc6749")).toEqual({ id, secret });
        expect(decodeBasic(basic(id, secret, "raw"), "basic-raw")).toEqual({ id, secret });
      }),
      { numRuns: 1000 },
    );
  });

  test("property: any header gives credentials or undefined, never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `Basic ${s}`), fc.string().map((s) => `Basic ${Buffer.from(s).toString("base64")}`)), (h) => {
        for (const mode of ["basic-raw", "basic-rfc6749"] as const) {
          const r = decodeBasic(h, mode);
          expect(r === undefined || (typeof r.id === "string" && typeof r.secret === "string")).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    expect(decodeBasic(undefined, "basic-raw")).toBeUndefined();
    expect(decodeBasic(`Basic ${Buffer.from("no-colon").toString("base64")}`, "basic-raw")).toBeUndefined();
  });
});

describe("TokenIssuer and the token faults", () => {
  test("issue / verify on an injected clock; expireAll; revokeAll; refresh tokens are single-use", () => {
    let now = 0;
    const issuer = new TokenIssuer({ lifetimeSeconds: 10, clock: () => now });
    const a = issuer.issue("c", ["s"], { withRefreshToken: true });
    expect(a).toMatchObject({ clientId: "c", scopes: ["s"], issuedAt: 0, expiresAt: 10_000 });
    expect(issuer.verify(a.token)).toBe(a);
    expect(issuer.verify("tok_other")).toBeUndefined();
    now = 9_999;
    expect(issuer.verify(a.token)).toBeDefined();
    now = 10_000;
    expect(issuer.verify(a.token)).toBeUndefined();
    const b = issuer.issue("c", [], { lifetimeSeconds: 100 });
    issuer.expireAll();
    expect(issuer.verify(b.token)).toBeUndefined();
    expect(issuer.redeemRefreshToken(a.refreshToken!)).toBe(a);
    expect(issuer.redeemRefreshToken(a.refreshToken!)).toBeUndefined();
    const c = issuer.issue("c", [], { withRefreshToken: true });
    expect(issuer.issuedCount).toBe(3);
    issuer.revokeAll();
    expect(issuer.verify(c.token)).toBeUndefined();
    expect(issuer.redeemRefreshToken(c.refreshToken!)).toBeUndefined();
    expect(issuer.issuedCount).toBe(0);
  });

  test("tokenFaults: badTokenResponse spoils n responses; expire/revoke go to the issuer, the rest to the server", () => {
    const issuer = new TokenIssuer();
    const forwarded: unknown[] = [];
    const faults = tokenFaults(issuer, () => ({ setFault: (f: unknown) => forwarded.push(f) }) as unknown as TestServer);
    const fields: [string, unknown][] = [
      ["access_token", "t"],
      ["token_type", "Bearer"],
      ["expires_in", 60],
    ];
    faults.setFault({ kind: "badTokenResponse", omitAccessToken: true, tokenType: "mac", expiresIn: "soon", times: 1 });
    expect(faults.spoil(fields)).toEqual([
      ["token_type", "mac"],
      ["expires_in", "soon"],
    ]);
    expect(faults.spoil(fields)).toEqual(fields);
    const t = issuer.issue("c", []);
    faults.setFault({ kind: "expireTokens" });
    expect(issuer.verify(t.token)).toBeUndefined();
    const u = issuer.issue("c", []);
    faults.setFault({ kind: "revokeTokens" });
    expect(issuer.issuedCount).toBe(0);
    expect(issuer.verify(u.token)).toBeUndefined();
    faults.setFault({ kind: "badTokenResponse", tokenType: "mac" });
    faults.setFault({ kind: "drop" });
    faults.setFault(null);
    expect(forwarded).toEqual([{ kind: "drop" }, null]);
    expect(faults.spoil(fields)).toEqual(fields); // null clears a pending badTokenResponse too
  });
});
