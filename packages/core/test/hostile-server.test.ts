import { type OAuth2Emulator, startOAuth2Emulator, startServer, type TestServer } from "@auth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type AuthError, boundedExchange, describeRetry, parseRetryAfter, RetryLaterError, type RetryNotice, readBoundedText, requestToken, TokenEndpointError } from "../src/index.js";

// Every fault must end in a typed error well within this (the deadlines below are 300 ms).
const FAST_MS = 3_000;
const CANARY = "CANARY-hostile-secret-7d1e";
const grant = { grant_type: "client_credentials" };

async function timed(p: Promise<unknown>): Promise<{ error: AuthError; ms: number }> {
  const t0 = performance.now();
  try {
    await p;
  } catch (e) {
    return { error: e as AuthError, ms: performance.now() - t0 };
  }
  throw new Error("expected a rejection");
}

function leaksNothing(error: AuthError): void {
  const all = `${error.message} ${error.hint} ${error.stack} ${JSON.stringify(error)} ${String((error as { cause?: unknown }).cause ?? "")}`;
  expect(all).not.toContain(CANARY);
  expect(all).not.toContain(Buffer.from(`c:${CANARY}`).toString("base64"));
}

describe("requestToken against a hostile token endpoint", () => {
  let emu: OAuth2Emulator;
  let other: TestServer;
  beforeAll(async () => {
    [emu, other] = await Promise.all([startOAuth2Emulator({ clientId: "c", clientSecret: CANARY, clientAuth: "post" }), startServer((ctx) => ctx.json(200, { access_token: "other-origin", token_type: "Bearer" }))]);
  });
  afterAll(() => Promise.all([emu.close(), other.close()]));
  beforeEach(() => {
    emu.setFault(null);
    emu.requests.clear();
    other.requests.clear();
  });
  const ask = (extra: Partial<Parameters<typeof requestToken>[0]> = {}) =>
    requestToken({ url: emu.tokenUrl, params: grant, clientAuth: { method: "post", clientId: "c", clientSecret: CANARY }, timeout: 300, retry: 0, ...extra });

  test.each([301, 302, 303, 307, 308] as const)("a %i to another origin is a redirect error naming only its origin; nothing reaches it", async (status) => {
    emu.setFault({ kind: "redirect", status, location: `${other.url}/steal?code=abc&token=xyz` });
    const { error, ms } = await timed(ask({ retry: 2 }));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error).toMatchObject({ code: "redirect", status });
    expect(error.message).toContain(String(status));
    expect(error.message).toContain(other.url);
    expect(error.message).not.toMatch(/steal|code=|xyz/);
    expect(error.hint).toMatch(/base URL/);
    expect(ms).toBeLessThan(FAST_MS);
    expect(other.requests.count()).toBe(0);
    expect(emu.requests.count()).toBe(1); // not retried
    leaksNothing(error);
  });

  test("a downgrade redirect (to plain http://) is refused the same way and says so for an https endpoint", async () => {
    emu.setFault({ kind: "downgradeRedirect", host: new URL(other.url).host });
    const { error } = await timed(ask());
    expect(error).toMatchObject({ code: "redirect", status: 308 });
    expect(other.requests.count()).toBe(0);
    // Over a fetch that answers as an https server would: the message names the downgrade.
    const fake = async () => new Response(null, { status: 307, headers: { location: "http://evil.example/token?secret=1" } });
    const { error: e2 } = await timed(requestToken({ url: "https://auth.example.test/token", params: grant, fetch: fake, retry: 0 }));
    expect(e2.message).toContain("http://evil.example");
    expect(e2.message).toMatch(/downgrade/);
    expect(e2.message).not.toContain("secret=1");
  });

  test("a fetch that ignores redirect: manual and follows is still refused", async () => {
    const followed = async () => {
      const r = Response.json({ access_token: "stolen", token_type: "Bearer" });
      Object.defineProperty(r, "redirected", { value: true });
      Object.defineProperty(r, "url", { value: "https://evil.example/x?y=z" });
      return r;
    };
    const { error } = await timed(requestToken({ url: "https://auth.example.test/token", params: grant, fetch: followed, retry: 0 }));
    expect(error).toMatchObject({ code: "redirect" });
    expect(error.message).toContain("https://evil.example");
    expect(error.message).not.toContain("y=z");
  });

  test("an endless body fails at the deadline with code timeout (retries included, within the budget)", async () => {
    emu.setFault({ kind: "endlessBody" });
    const { error, ms } = await timed(ask({ retry: { limit: 1, delay: () => 10, budget: 1_000 } }));
    expect(error).toMatchObject({ code: "timeout" });
    expect(error.message).toMatch(/did not finish its response within/);
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(FAST_MS);
    leaksNothing(error);
  });

  test("a trickling body fails at the deadline with code timeout", async () => {
    emu.setFault({ kind: "slowBody", intervalMs: 20 });
    const { error, ms } = await timed(ask());
    expect(error).toMatchObject({ code: "timeout" });
    expect(ms).toBeLessThan(FAST_MS);
  });

  test.each([false, true])("a 100 MB body is cut at the bound (declared length: %s), fast", async (declareLength) => {
    emu.setFault({ kind: "hugeBody", declareLength });
    const { error, ms } = await timed(ask({ timeout: 5_000 }));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error).toMatchObject({ code: "response_too_large" });
    expect(error.message).toContain(String(1024 * 1024));
    expect(ms).toBeLessThan(FAST_MS);
  });

  test("maxResponseBytes is configurable; a huge 5xx error body is bounded too", async () => {
    emu.setFault({ kind: "hugeBody", status: 500, bytes: 5_000 });
    expect((await timed(ask({ maxResponseBytes: 1_000 }))).error).toMatchObject({ code: "response_too_large" });
    emu.setFault(null);
    await expect(ask({ maxResponseBytes: 1_000 })).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  test("a connection reset mid-body is a network error with a hint, retried, no cause attached", async () => {
    emu.setFault({ kind: "resetMidBody" });
    const { error, ms } = await timed(ask({ retry: { limit: 1, delay: () => 10 } }));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error).toMatchObject({ code: "network" });
    expect(error.message).toMatch(/closed before the response was complete/);
    expect(error.hint).toBeTruthy();
    expect((error as { cause?: unknown }).cause).toBeUndefined();
    expect(emu.requests.count()).toBe(2);
    expect(ms).toBeLessThan(FAST_MS);
  });

  test("a pathological HTML error page is quoted briefly, fast, without the secret", async () => {
    emu.setFault({ kind: "pathologicalHtml", status: 502 });
    const { error, ms } = await timed(ask());
    expect(error).toMatchObject({ code: "token_endpoint", status: 502 });
    expect(error.message.length).toBeLessThan(400);
    expect(ms).toBeLessThan(FAST_MS);
    leaksNothing(error);
  });

  test("Retry-After beyond the budget: gives up at once, saying when to retry; no silent wait", async () => {
    emu.setFault({ kind: "rateLimit", retryAfterSeconds: 86_400 });
    const notices: RetryNotice[] = [];
    const { error, ms } = await timed(ask({ retry: 2, onRetry: (n) => notices.push(n) }));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/retry after \d{4}-\d\d-\d\dT.* \(in 86400 s\)/);
    expect((error as RetryLaterError).retryAt).toBeGreaterThan(Date.now() + 86_000_000);
    expect(ms).toBeLessThan(1_000);
    expect(emu.requests.count()).toBe(1);
    expect(notices).toEqual([]);
  });

  test("a short Retry-After is waited for, and the wait is announced through onRetry", async () => {
    emu.setFault({ kind: "rateLimit", retryAfterSeconds: 1, times: 1 });
    const notices: RetryNotice[] = [];
    const t = await ask({ retry: 2, timeout: 2_000, onRetry: (n) => notices.push(n) });
    expect(t.accessToken).toBeTruthy();
    expect(notices).toEqual([{ attempt: 1, attempts: 3, delayMs: 1000, reason: "429", serverAsked: true, what: `the token endpoint ${new URL(emu.url).host}` }]);
    expect(describeRetry(notices[0]!)).toBe(`The token endpoint ${new URL(emu.url).host} answered 429; waiting 1 s as it asks (Retry-After) before attempt 2 of 3.`);
  });

  test("the budget bounds the whole call: slow 5xx answers stop when it is spent", async () => {
    emu.setFault({ kind: "status", status: 503 });
    const { error, ms } = await timed(ask({ retry: { limit: 50, delay: () => 100, jitter: false, budget: 400 } }));
    expect(error).toMatchObject({ status: 503 });
    expect(ms).toBeLessThan(1_000);
    expect(emu.requests.count()).toBeLessThan(6);
  });
});

describe("boundedExchange itself", () => {
  test("applies the http:// rule to the URL it sends to, before any request", async () => {
    let calls = 0;
    const spy = async () => {
      calls++;
      return new Response("{}");
    };
    const e = await timed(boundedExchange({ url: new URL("http://auth.example.com/token"), what: "the token endpoint", fetch: spy }));
    expect(e.error).toMatchObject({ code: "insecure_url" });
    expect(calls).toBe(0);
    await boundedExchange({ url: new URL("http://auth.example.com/token"), what: "the token endpoint", fetch: spy, allowInsecure: true });
    expect(calls).toBe(1);
  });
});

describe("the runtime refusing outbound connections (workerd's 'internal error')", () => {
  test("is a network error with a hint about the runtime", async () => {
    const refusing = async () => {
      throw new Error("internal error");
    };
    const { error } = await timed(requestToken({ url: "https://auth.example.test/token", params: grant, fetch: refusing, retry: 0 }));
    expect(error).toMatchObject({ code: "network" });
    expect(error.hint).toMatch(/runtime may block loopback or outbound/);
  });

  test("a DOMException TimeoutError from a custom fetch is a timeout", async () => {
    const slow = async () => {
      throw new DOMException("The operation timed out.", "TimeoutError");
    };
    const { error } = await timed(requestToken({ url: "https://auth.example.test/token", params: grant, fetch: slow, retry: 0 }));
    expect(error).toMatchObject({ code: "timeout" });
  });
});

describe("readBoundedText and parseRetryAfter", () => {
  test("reads within the bound, refuses beyond it, counting bytes not characters", async () => {
    expect(await readBoundedText(new Response("é".repeat(10)), { maxBytes: 20 })).toBe("é".repeat(10));
    await expect(readBoundedText(new Response("é".repeat(11)), { maxBytes: 20 })).rejects.toMatchObject({ code: "response_too_large" });
  });

  test("a stream that never ends is ended by the signal even when fetch ignores it", async () => {
    const body = new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("{")) });
    const t0 = performance.now();
    await expect(readBoundedText(new Response(body), { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  test("RFC 9110 §10.2.3: delay-seconds or HTTP-date; anything else is ignored", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    for (const bad of [null, "", "-1", "1.5", "soon", "9".repeat(100)]) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });
});
