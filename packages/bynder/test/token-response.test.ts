// What @auth/bynder reads from outside: the form-encoded token responses of the handshake
// (docs/providers.md#bynder-handshake, steps 1 and 3: `oauth_token=...&oauth_token_secret=...`) and 401 bodies
// (OAuth Problem Reporting, form or JSON). Property tests with a scripted fetch, then the
// provider being down or answering HTML, against the emulator.
import { AuthError, InvalidTokenResponseError, TokenEndpointError } from "@auth/core";
import { startBynderEmulator } from "@auth/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unauthorizedFromResponse } from "../src/errors.js";
import { ACCESS_TOKEN_LIFETIME_MS, createBynderAuth, REQUEST_TOKEN_LIFETIME_MS, type RequestToken, UnauthorizedError } from "../src/index.js";

const BASE = "https://company.bynder.example";
const CONSUMER = { key: "XXXXXXXX-XXXX-XXXX-XXXXXXXXXXXX1EFA", secret: "consumer-secret" };

function scripted(status: number, body: string, contentType = "application/x-www-form-urlencoded") {
  const calls: { url: string; authorization: string | null }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const r = input instanceof Request ? input : new Request(input, init);
    calls.push({ url: r.url, authorization: r.headers.get("authorization") });
    return new Response(body, { status, headers: { "content-type": contentType } });
  };
  return { calls, fetch };
}

// A token goes into the Authorization header: visible ASCII (core's checkTokenValue); its secret
// into the signing key: printable ASCII. Anything else is refused, see below.
const ascii = (min: number) => fc.integer({ min, max: 0x7e }).map((c) => String.fromCharCode(c));
const keyValue = fc.string({ unit: ascii(0x21), minLength: 1, maxLength: 40 });
const secretValue = fc.string({ unit: ascii(0x20), minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0);
// How a server may encode the pair: the document's form (any percent-encoding), or JSON.
const encoders: ((k: string, s: string) => string)[] = [
  (k, s) => `oauth_token=${encodeURIComponent(k)}&oauth_token_secret=${encodeURIComponent(s)}`,
  (k, s) => new URLSearchParams({ oauth_token_secret: s, oauth_token: k, oauth_callback_confirmed: "true" }).toString(),
  (k, s) => `${new URLSearchParams({ oauth_token: k, oauth_token_secret: s })}\r\n`,
  (k, s) => JSON.stringify({ oauth_token: k, oauth_token_secret: s }),
];

describe("form-encoded token responses (property)", () => {
  it("any key and secret, in the documented form (or JSON), come back exactly from requestToken and accessToken", async () => {
    await fc.assert(
      fc.asyncProperty(keyValue, secretValue, fc.nat(encoders.length - 1), async (key, secret, enc) => {
        const now = 1_700_000_000_000;
        const server = scripted(200, encoders[enc]!(key, secret), enc === 3 ? "application/json" : undefined);
        const auth = createBynderAuth({ baseUrl: BASE, consumer: CONSUMER, fetch: server.fetch, clock: () => now });
        const rt = await auth.requestToken();
        expect(rt.key).toBe(key);
        expect(rt.secret.reveal()).toBe(secret);
        expect(rt.expiresAt).toBe(now + REQUEST_TOKEN_LIFETIME_MS);
        const at = await auth.accessToken(rt);
        expect(at.accessToken).toBe(key);
        expect(at.tokenSecret).toBe(secret);
        expect(at.expiresAt).toBe(now + ACCESS_TOKEN_LIFETIME_MS);
        expect(server.calls.map((c) => new URL(c.url).pathname)).toEqual(["/api/v4/oauth/request_token/", "/api/v4/oauth/access_token/"]);
        // Step 1 "using only the consumer key/secret pair"; step 3 with the request token.
        expect(server.calls[0]!.authorization).not.toContain("oauth_token=");
        expect(server.calls[1]!.authorization).toContain(`oauth_token="${encodeURIComponent(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}"`);
      }),
      { numRuns: 200 },
    );
  });

  it("a key or secret that cannot be sent (CR, LF, NUL, controls, non-ASCII) is an InvalidTokenResponseError quoting nothing of it", async () => {
    const bad = fc
      .tuple(fc.string({ unit: ascii(0x21), maxLength: 10 }), fc.constantFrom("\r\n", "\n", "\r", "\0", "\x01", "\x7f", "é", "\u2028", "😀"), fc.string({ unit: ascii(0x21), maxLength: 10 }))
      .map(([a, c, b]) => `CANARY${a}${c}${b}`);
    await fc.assert(
      fc.asyncProperty(bad, fc.boolean(), fc.nat(encoders.length - 1), async (tainted, inKey, enc) => {
        const [key, secret] = inKey ? [tainted, "good-secret"] : ["good-key", tainted];
        const server = scripted(200, encoders[enc]!(key, secret), enc === 3 ? "application/json" : undefined);
        const auth = createBynderAuth({ baseUrl: BASE, consumer: CONSUMER, fetch: server.fetch });
        const e = await auth.requestToken().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(e).toBeInstanceOf(InvalidTokenResponseError);
        const err = e as InvalidTokenResponseError;
        for (const text of [err.message, err.hint ?? "", err.stack ?? "", JSON.stringify(err)]) expect(text).not.toContain("CANARY");
      }),
      { numRuns: 200 },
    );
  });

  it("any other 200 body is an InvalidTokenResponseError with a hint (never a crash, never a token without a secret)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), fc.json(), fc.constant("oauth_token=abc"), fc.constant("oauth_token=&oauth_token_secret=x")), async (body) => {
        const auth = createBynderAuth({ baseUrl: BASE, consumer: CONSUMER, fetch: scripted(200, body).fetch });
        const result = await auth.requestToken().catch((e: unknown) => e);
        if (result instanceof Error) {
          expect(result).toBeInstanceOf(InvalidTokenResponseError);
          expect((result as AuthError).hint).toMatch(/oauth_token=\.\.\.&oauth_token_secret=\.\.\./);
        } else {
          const rt = result as RequestToken;
          expect(rt.key).not.toBe("");
          expect(rt.secret.reveal()).not.toBe("");
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("401 bodies (property)", () => {
  it("any 401 body or Date header gives an UnauthorizedError with a hint that never quotes a secret", async () => {
    const SECRET = "CANARY-secret-4711";
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.json(),
          fc.record({ oauth_problem: fc.string({ maxLength: 30 }), oauth_signature_base_string: fc.string({ maxLength: 60 }) }).map((r) => new URLSearchParams(r).toString()),
        ),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        fc.constantFrom("request_token" as const, "access_token" as const, "api" as const),
        async (body, date, phase) => {
          const echoed = `${body}${SECRET}`;
          const headers: Record<string, string> = {};
          if (date !== undefined && /^[\x20-\x7e]*$/.test(date)) headers.date = date;
          const e = await unauthorizedFromResponse(new Response(echoed, { status: 401, headers }), { phase, what: "Bynder test", now: Date.now(), secrets: [SECRET] });
          expect(e).toBeInstanceOf(UnauthorizedError);
          expect(e.status).toBe(401);
          expect(e.hint?.length).toBeGreaterThan(20);
          for (const text of [e.message, e.hint, e.serverBaseString ?? "", e.problem ?? ""]) expect(text).not.toContain(SECRET);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the provider down or answering HTML", () => {
  it("an HTML 502 page at step 1: TokenEndpointError quoting the status, with a hint", async () => {
    const emu = await startBynderEmulator();
    try {
      const auth = createBynderAuth({ baseUrl: emu.url, consumer: emu.consumer });
      emu.setFault({ kind: "html", paths: ["/api/v4/oauth/request_token/"] });
      const e = (await auth.requestToken().catch((x: unknown) => x)) as TokenEndpointError;
      expect(e).toBeInstanceOf(TokenEndpointError);
      expect(e.message).toMatch(/request_token\/ answered 502 Bad Gateway \(text\/html\)/);
      expect(e.hint).toMatch(/unavailable/);
      emu.setFault(null);
      const rt = await auth.requestToken();
      emu.authorise(rt.key);
      emu.setFault({ kind: "status", status: 200, body: "<!doctype html><title>Log in</title>", contentType: "text/html", paths: ["/api/v4/oauth/access_token/"] });
      const html200 = await auth.accessToken(rt).catch((x: unknown) => x);
      expect(html200).toBeInstanceOf(InvalidTokenResponseError);
      expect((html200 as AuthError).hint).toMatch(/company\.bynder\.com/);
      // Not marked spent: the user may try again while the request token is valid.
      emu.setFault(null);
      await expect(auth.accessToken(rt)).resolves.toMatchObject({ tokenType: "OAuth" });
    } finally {
      await emu.close();
    }
  });

  it("connection refused and timeouts: AuthError network / timeout with a hint", async () => {
    const emu = await startBynderEmulator();
    const url = emu.url;
    try {
      emu.setFault({ kind: "delay", delayMs: 500 });
      const slow = await createBynderAuth({ baseUrl: url, consumer: emu.consumer, timeout: 50 }).requestToken().catch((x: unknown) => x);
      expect(slow).toBeInstanceOf(AuthError);
      expect(slow).toMatchObject({ code: "timeout", hint: expect.stringMatching(/network/) });
    } finally {
      await emu.close();
    }
    const down = await createBynderAuth({ baseUrl: url, consumer: { key: "k", secret: "s" } }).requestToken().catch((x: unknown) => x);
    expect(down).toBeInstanceOf(AuthError);
    expect(down).toMatchObject({ code: "network", hint: expect.stringMatching(/base URL/) });
  });
});

describe("never mutates the caller's objects", () => {
  it("request, body and options stay as they were (and frozen ones are accepted)", async () => {
    const consumer = Object.freeze({ ...CONSUMER });
    const token = Object.freeze({ key: "tk", secret: "ts" });
    const options = Object.freeze({ baseUrl: BASE, consumer, token });
    const auth = createBynderAuth(options);
    const body = new URLSearchParams({ b: "2", a: "1 1" });
    const request = Object.freeze({ method: "POST", url: `${BASE}/api/v4/media/?z=1&y=a+b`, body, contentType: "application/x-www-form-urlencoded" });
    const before = JSON.stringify({ options, request, body: body.toString() });
    await auth.authorize(request);
    await auth.sign(request);
    expect(JSON.stringify({ options, request, body: body.toString() })).toBe(before);
    expect([...body]).toEqual([
      ["b", "2"],
      ["a", "1 1"],
    ]);
  });
});
