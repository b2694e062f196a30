import { type AccessToken, AuthError, createClient, ConfigurationError, InvalidTokenResponseError, MemoryTokenStore, OAuthError, parseTokenResponse, TokenEndpointError, type TokenStore } from "@auth/core";
import { CONFIGAPI_EXAMPLE_CREDENTIALS, type ConfigApiEmulator, startConfigApiEmulator } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { type ConfigApiAuthOptions, createConfigApiAuth } from "../src/index.js";
import { printedForms } from "../../../test-utils/printed-forms.js";
import { concurrentRequests } from "../../../test-utils/stampede.js";
import { recordingStore } from "../../../test-utils/recording-store.js";

const TOKEN_PATH = "/configapi/v2/oauth/token";
let emu: ConfigApiEmulator;
let now = Date.now();
const clock = () => now;

beforeAll(async () => {
  emu = await startConfigApiEmulator({ clock });
});
afterAll(() => emu.close());
afterEach(() => {
  emu.setFault(null);
  emu.setTokenLifetime(3599);
  emu.setTrailingComma(false);
  emu.requests.clear();
});

const tokenRequests = () => emu.requests.count(TOKEN_PATH);
const pings = () => emu.requests.count("/api/ping");
const auth = (extra: Partial<ConfigApiAuthOptions> = {}) =>
  createConfigApiAuth({ baseUrl: emu.url, clientId: emu.credentials.clientId, clientSecret: emu.credentials.clientSecret, clock, ...extra });

describe("the request, as documented", () => {
  test("form body grant_type, client_id, client_secret, scope in the document's order; scope defaults to the host", async () => {
    const token = await auth().getToken();
    const sent = emu.requests.all.find((r) => r.path === TOKEN_PATH)!;
    expect(sent.method).toBe("POST");
    expect(sent.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent.headers.authorization).toBeUndefined();
    const host = new URL(emu.url).host;
    expect(sent.body).toBe(`grant_type=client_credentials&client_id=sheila.thomas&client_secret=qkDwDJlDfig2IpeuUZYKH1Wb8q1V0ju6sILxQQqhJ&scope=${encodeURIComponent(host)}`);
    expect(token.tokenType).toBe("Bearer");
    expect(token.expiresAt).toBe(now + 3_599_000); // "3599", a string
  });

  test("values are form-encoded", async () => {
    const e = await startConfigApiEmulator({ clientId: "sheila thomas+1@x", clientSecret: "a&b=c %/+é", scope: "tenant one&two" });
    try {
      await createConfigApiAuth({ baseUrl: e.url, clientId: "sheila thomas+1@x", clientSecret: "a&b=c %/+é", scope: "tenant one&two" }).getToken();
      expect(e.requests.all[0]!.body).toBe(
        "grant_type=client_credentials&client_id=sheila+thomas%2B1%40x&client_secret=a%26b%3Dc+%25%2F%2B%C3%A9&scope=tenant+one%26two",
      );
    } finally {
      await e.close();
    }
  });

  test("an explicit scope (the tenant) is sent; a wrong one is invalid_scope with a hint", async () => {
    const e = await startConfigApiEmulator({ scope: "example.com" });
    try {
      const ok = createConfigApiAuth({ baseUrl: e.url, ...e.credentials });
      await ok.getToken();
      expect(e.requests.all[0]!.body).toMatch(/&scope=example\.com$/);
      const defaulted = await createConfigApiAuth({ baseUrl: e.url, clientId: e.credentials.clientId, clientSecret: e.credentials.clientSecret })
        .getToken()
        .catch((x: unknown) => x);
      expect(defaulted).toBeInstanceOf(OAuthError);
      expect(defaulted).toMatchObject({ error: "invalid_scope" });
      expect((defaulted as OAuthError).hint).toMatch(/host of baseUrl.*"scope" option/);
    } finally {
      await e.close();
    }
  });

  test("the document's example response, verbatim with its trailing comma, parses", async () => {
    const verbatim = `{
"access_token":"eyJhbGciOiJSUzI1NiI5q9Jgt...6HznsvPWy7UP3MINA",
"token_type":"Bearer",
"expires_in":"3599",
}`;
    const t = parseTokenResponse(verbatim, { now: 0, acceptTokenTypes: ["Bearer"] });
    expect(t).toMatchObject({ accessToken: "eyJhbGciOiJSUzI1NiI5q9Jgt...6HznsvPWy7UP3MINA", tokenType: "Bearer", expiresAt: 3_599_000 });
    emu.setTrailingComma(true);
    const token = await auth().getToken();
    expect(token.expiresAt).toBe(now + 3_599_000);
    expect((await auth().fetch(emu.resourceUrl)).status).toBe(200);
  });

  test("the token is sent as Authorization: Bearer (RFC 6750)", async () => {
    const a = auth();
    expect(await a.client().get(emu.resourceUrl).json()).toMatchObject({ ok: true, clientId: "sheila.thomas" });
    const ping = emu.requests.all.find((r) => r.path === "/api/ping")!;
    expect(ping.headers.authorization).toBe(`Bearer ${(await a.getToken()).accessToken}`);
    // The README's quick start shape.
    const api = createConfigApiAuth({ baseUrl: emu.url, clientId: "sheila.thomas", clientSecret: emu.credentials.clientSecret }).client({ baseUrl: `${emu.url}/` });
    expect(await api.get("api/ping").json()).toMatchObject({ ok: true });
  });
});

// A fetch that keeps at most `n` requests in flight (the rest wait their turn).
describe("caching", () => {
  test("a request through client() gets a token once and reuses it", async () => {
    const api = auth().client();
    for (let i = 0; i < 5; i++) await api.get(emu.resourceUrl);
    expect(tokenRequests()).toBe(1);
    expect(pings()).toBe(5);
  });

  test("near expiry it refreshes before sending", async () => {
    const api = auth().client();
    await api.get(emu.resourceUrl);
    now += 3_599_000 - 300_000; // inside max(60 s, 10 % of 3599 s)
    await api.get(emu.resourceUrl);
    expect(tokenRequests()).toBe(2);
    expect(pings()).toBe(2);
  });

  test("1,000 concurrent requests on a cold start cause one token request", { timeout: 120_000 }, async () => {
    const { results, maxAuthorizing } = await concurrentRequests<{ ok: boolean }>(createClient, auth(), emu.resourceUrl, 1000);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(maxAuthorizing).toBe(1000);
    expect(tokenRequests()).toBe(1);
    expect(pings()).toBe(1000);
  });

  test("a token expired early by the server: 401, one refresh, the request succeeds", async () => {
    const api = auth().client();
    await api.get(emu.resourceUrl);
    emu.setFault({ kind: "expireTokens" });
    expect(await api.get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(tokenRequests()).toBe(2);
    expect(pings()).toBe(3);
  });
});

describe("errors", () => {
  test("wrong credentials: OAuthError invalid_client naming the options, no retry storm", async () => {
    const a = auth({ clientSecret: "wrong" });
    const error = await a.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: "invalid_client", status: 401 });
    expect((error as OAuthError).hint).toMatch(/"clientId" and "clientSecret"/);
    expect(tokenRequests()).toBe(1);
    await expect(a.client().get(emu.resourceUrl)).rejects.toBeInstanceOf(OAuthError);
    expect(tokenRequests()).toBe(2);
    expect(pings()).toBe(0);
  });

  const badResponses: [string, () => void, new (...args: never[]) => Error, RegExp][] = [
    ["HTML 502", () => emu.setFault({ kind: "html", paths: [TOKEN_PATH] }), TokenEndpointError, /502 Bad Gateway \(text\/html\)/],
    ["malformed JSON", () => emu.setFault({ kind: "malformedJson", paths: [TOKEN_PATH] }), InvalidTokenResponseError, /not JSON/],
    ["token_type mac", () => emu.setFault({ kind: "badTokenResponse", tokenType: "mac" }), InvalidTokenResponseError, /token_type "mac", expected Bearer/],
    ["no access_token", () => emu.setFault({ kind: "badTokenResponse", omitAccessToken: true }), InvalidTokenResponseError, /no access_token/],
    ['expires_in "soon"', () => emu.setFault({ kind: "badTokenResponse", expiresIn: "soon" }), InvalidTokenResponseError, /expires_in "soon"/],
    // A captive portal or login page served with 200: HTML where JSON was expected.
    ["HTML 200 instead of JSON", () => emu.setFault({ kind: "status", status: 200, body: "<!doctype html><title>Sign in</title>", contentType: "text/html", paths: [TOKEN_PATH] }), InvalidTokenResponseError, /200 with text\/html that is not JSON/],
  ];
  test.each(badResponses)("%s: a clear typed error, nothing cached", async (_name, fault, type, message) => {
    const { store, sets } = recordingStore<AccessToken>(new MemoryTokenStore());
    const a = auth({ store, retry: { limit: 2, delay: () => 1 } });
    fault();
    const error = await a.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(message);
    expect((error as AuthError).hint?.length).toBeGreaterThan(20);
    expect(sets).toEqual([]);
    expect(tokenRequests()).toBe(type === TokenEndpointError ? 3 : 1);
    emu.setFault(null);
    expect(sets).toEqual([await a.getToken()]);
  });

  test("provider down (connection refused): a TokenEndpointError with a hint", async () => {
    const down = await startConfigApiEmulator();
    const url = down.url;
    await down.close();
    const a = createConfigApiAuth({ baseUrl: url, ...CONFIGAPI_EXAMPLE_CREDENTIALS, retry: { limit: 1, delay: () => 1 } });
    const error = (await a.getToken().catch((e: unknown) => e)) as TokenEndpointError;
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.code).toBe("network");
    expect(error.hint).toMatch(/base URL/);
  });

  test("token_type in any case is Bearer", async () => {
    emu.setFault({ kind: "badTokenResponse", tokenType: "bEaReR" });
    expect((await auth().getToken()).tokenType).toBe("bEaReR");
  });

  test("configuration errors", () => {
    const base = { baseUrl: emu.url, clientId: "a", clientSecret: "b" };
    expect(() => createConfigApiAuth({ ...base, clientId: " " })).toThrow(ConfigurationError);
    expect(() => createConfigApiAuth({ ...base, clientSecret: "" })).toThrow(/clientSecret/);
    expect(() => createConfigApiAuth({ ...base, scope: "" })).toThrow(/scope/);
    expect(() => createConfigApiAuth({ ...base, baseUrl: "example.com" })).toThrow(ConfigurationError);
    expect(() => createConfigApiAuth({ ...base, baseUrl: "http://example.com" })).toThrow(/https/);
  });
});

test("no secret, token or form body value in errors or logs (canaries)", async () => {
  const secret = "CANARY-SECRET-ab12&=+";
  const e2 = await startConfigApiEmulator({ clientId: "canary.user", clientSecret: secret });
  const canaries = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  const logs: string[] = [];
  const logger = { warn: (m: string) => logs.push(m), debug: (m: string) => logs.push(m) };
  const failing: TokenStore = { get: () => Promise.reject(new Error("down")), set: () => Promise.reject(new Error("down")), delete: () => Promise.reject(new Error("down")) };
  try {
    const good = createConfigApiAuth({ baseUrl: e2.url, clientId: "canary.user", clientSecret: secret, logger, store: failing, retry: 0 });
    const token = await good.getToken();
    canaries.push(token.accessToken);
    const seen: unknown[] = [good, token];
    seen.push(await createConfigApiAuth({ baseUrl: e2.url, clientId: "canary.user", clientSecret: `${secret}x`, retry: 0 }).getToken().catch((e) => e));
    e2.setFault({ kind: "status", status: 400, body: JSON.stringify({ error: "invalid_request", error_description: `echo ${secret}` }), contentType: "application/json" });
    seen.push(await good.getToken({ forceRefresh: true }).catch((e) => e));
    e2.setFault({ kind: "status", status: 500, times: 1, body: `<pre>client_secret=${encodeURIComponent(secret)} ${secret}</pre>`, contentType: "text/html" });
    seen.push(await good.getToken({ forceRefresh: true }).catch((e) => e));
    e2.setFault({ kind: "badTokenResponse", tokenType: "mac", expiresIn: "soon" });
    seen.push(await good.getToken({ forceRefresh: true }).catch((e) => e));
    expect(seen.filter((e) => e instanceof Error)).toHaveLength(4);
    expect(logs.length).toBeGreaterThan(0);
    const printed = printedForms(seen);
    for (const text of [...printed, ...logs]) for (const c of canaries) expect(text).not.toContain(c);
  } finally {
    await e2.close();
  }
});

// parseTokenResponse quotes token_type / expires_in values; requestToken redacts the secrets
// it sent from those messages (a server echoing the secret in a 200 body).
test("a 200 echoing the secret as token_type does not quote it", async () => {
  const secret = "CANARY-SECRET-cd34";
  const e2 = await startConfigApiEmulator({ clientSecret: secret });
  try {
    e2.setFault({ kind: "badTokenResponse", tokenType: secret });
    const error = await createConfigApiAuth({ baseUrl: e2.url, clientId: e2.credentials.clientId, clientSecret: secret }).getToken().catch((e) => e);
    expect(error).toBeInstanceOf(InvalidTokenResponseError);
    expect(String(error)).not.toContain(secret);
  } finally {
    await e2.close();
  }
});
