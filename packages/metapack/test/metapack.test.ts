import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { type AccessToken, AuthError, createClient, ConfigurationError, InvalidTokenResponseError, MemoryTokenStore, OAuthError, TokenEndpointError, type TokenStore } from "@auth/core";
import { METAPACK_EXAMPLE_API_KEY, type MetapackEmulator, startMetapackEmulator } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { createMetapackAuth as createMetapackAuthMain, parseApiKeyProperties } from "../src/index.js";
import { createMetapackAuth, loadApiKeyProperties } from "../src/node.js";
import { printedForms } from "../../../test-utils/printed-forms.js";
import { concurrentRequests } from "../../../test-utils/stampede.js";
import { recordingStore } from "../../../test-utils/recording-store.js";

const EXAMPLE_BASIC = "Basic MURSMzQzNEtERkpMUjMyTDUzTDQyMzVKNjp3cWUzNHR5eWg3Njc5am9ra0RhJDdkZjQ2YmJiYmp1aStiNy1zZGZzZGZZ";

let emu: MetapackEmulator;
let now = Date.now();
const clock = () => now;
const dir = mkdtempSync(join(tmpdir(), "metapack-test-"));
let propertiesFile: string;

beforeAll(async () => {
  emu = await startMetapackEmulator({ clock });
  propertiesFile = join(dir, "apiKey.properties");
  writeFileSync(propertiesFile, emu.credentials.properties);
});
afterAll(() => emu.close());
afterEach(() => {
  emu.setFault(null);
  emu.setTokenLifetime(3600);
  emu.requests.clear();
});

const tokenRequests = () => emu.requests.count("/oauth");
const pings = () => emu.requests.count("/api/ping");
const auth = (extra: Record<string, unknown> = {}) => createMetapackAuth({ baseUrl: emu.url, propertiesFile, clock, ...extra });

describe("the request, as documented", () => {
  test("Basic of the raw id:secret, byte for byte the document's example; the documented body and content type", async () => {
    const token = await createMetapackAuthMain({
      baseUrl: emu.url,
      apiKeyId: "1DR3434KDFJLR32L53L4235J6",
      apiKeySecret: "wqe34tyyh7679jokkDa$7df46bbbbjui+b7-sdfsdfY",
      clock,
    }).getToken();
    const sent = emu.requests.all.find((r) => r.path === "/oauth")!;
    expect(sent.method).toBe("POST");
    expect(sent.headers.authorization).toBe(EXAMPLE_BASIC);
    expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent.body).toBe("grant_type=client_credentials");
    expect(token.tokenType).toBe("bearer");
    expect(token.scopes).toEqual(["can-create-locations", "can-delete-own-locations", "can-update-own-locations", "can-create-own-location-rules"]);
    expect(token.expiresAt).toBe(now + 3_600_000);
  });

  test("the API key from options, properties text, a file, or loadApiKeyProperties gives the same request", async () => {
    const variants = [
      createMetapackAuthMain({ baseUrl: emu.url, apiKeyId: emu.credentials.apiKeyId, apiKeySecret: emu.credentials.apiKeySecret }),
      createMetapackAuthMain({ baseUrl: emu.url, properties: emu.credentials.properties }),
      createMetapackAuth({ baseUrl: emu.url, propertiesFile }),
      createMetapackAuth({ baseUrl: emu.url, ...loadApiKeyProperties(propertiesFile) }),
      createMetapackAuth({ baseUrl: emu.url, ...loadApiKeyProperties(emu.credentials.properties) }),
    ];
    for (const a of variants) await a.getToken();
    expect(emu.requests.all.map((r) => r.headers.authorization)).toEqual(Array(5).fill(EXAMPLE_BASIC));
  });

  test("the bearer token is sent per RFC 6750", async () => {
    const a = auth();
    const res = await a.fetch(emu.resourceUrl);
    expect(res.status).toBe(200);
    const ping = emu.requests.all.find((r) => r.path === "/api/ping")!;
    expect(ping.headers.authorization).toBe(`Bearer ${(await a.getToken()).accessToken}`);
    expect(await a.authorize({ method: "GET", url: emu.resourceUrl })).toEqual({ authorization: ping.headers.authorization });
    // The README's quick start shape.
    expect(await createMetapackAuth({ baseUrl: emu.url, propertiesFile }).client({ baseUrl: `${emu.url}/` }).get("api/ping").json()).toMatchObject({ ok: true });
  });
});

// A fetch that keeps at most `n` requests in flight (the rest wait their turn).
describe("caching", () => {
  test("a request through client() gets a token once and reuses it", async () => {
    const api = auth().client();
    for (let i = 0; i < 5; i++) expect(await api.get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(tokenRequests()).toBe(1);
    expect(pings()).toBe(5);
  });

  test("near expiry it refreshes before sending", async () => {
    emu.setTokenLifetime(600);
    const a = auth();
    const api = a.client();
    await api.get(emu.resourceUrl);
    const first = (await a.getToken()).accessToken;
    now += 600_000 - 59_000; // inside the default window, max(60 s, 10 %)
    await api.get(emu.resourceUrl);
    expect(tokenRequests()).toBe(2);
    expect(pings()).toBe(2); // no 401 and retry: the new token went out first
    expect(emu.requests.all.at(-1)!.headers.authorization).not.toBe(`Bearer ${first}`);
  });

  test("1,000 concurrent requests on a cold start cause one token request", { timeout: 120_000 }, async () => {
    const { results, maxAuthorizing } = await concurrentRequests<{ ok: boolean }>(createClient, auth(), emu.resourceUrl, 1000);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(maxAuthorizing).toBe(1000);
    expect(tokenRequests()).toBe(1);
    expect(pings()).toBe(1000);
  });

  test("a token expired early by the server: 401, one refresh, the request succeeds", async () => {
    const a = auth();
    const api = a.client();
    await api.get(emu.resourceUrl);
    emu.setFault({ kind: "expireTokens" });
    expect(await api.get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(tokenRequests()).toBe(2);
    expect(pings()).toBe(3);
    emu.setFault({ kind: "revokeTokens" });
    expect((await a.fetch(emu.resourceUrl)).status).toBe(200);
    expect(tokenRequests()).toBe(3);
  });
});

describe("errors", () => {
  test("wrong credentials: OAuthError invalid_client, a hint naming the file, no retry storm", async () => {
    const file = join(dir, "wrong.properties");
    writeFileSync(file, "apiKey.id = 1DR3434KDFJLR32L53L4235J6\napiKey.secret = not-the-secret\n");
    const a = createMetapackAuth({ baseUrl: emu.url, propertiesFile: file });
    const error = await a.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: "invalid_client", status: 401 });
    expect((error as OAuthError).hint).toContain(file);
    expect((error as OAuthError).hint).toContain("apiKey.secret");
    expect(tokenRequests()).toBe(1);
    await expect(a.client().get(emu.resourceUrl)).rejects.toBeInstanceOf(OAuthError);
    await expect(a.fetch(emu.resourceUrl)).rejects.toBeInstanceOf(OAuthError);
    expect(tokenRequests()).toBe(3);
    expect(pings()).toBe(0);
    const direct = (await createMetapackAuthMain({ baseUrl: emu.url, apiKeyId: "x", apiKeySecret: "y " })
      .getToken()
      .catch((e: unknown) => e)) as OAuthError;
    expect(direct.hint).toContain('"apiKeyId" / "apiKeySecret"');
    expect(direct.hint).toContain("ends with whitespace");
  });

  const badResponses: [string, () => void, new (...args: never[]) => Error, RegExp][] = [
    ["HTML 502", () => emu.setFault({ kind: "html", paths: ["/oauth"] }), TokenEndpointError, /502 Bad Gateway \(text\/html\)/],
    ["malformed JSON", () => emu.setFault({ kind: "malformedJson", paths: ["/oauth"] }), InvalidTokenResponseError, /not JSON/],
    ["token_type mac", () => emu.setFault({ kind: "badTokenResponse", tokenType: "mac" }), InvalidTokenResponseError, /token_type "mac"/],
    ["no access_token", () => emu.setFault({ kind: "badTokenResponse", omitAccessToken: true }), InvalidTokenResponseError, /no access_token/],
    ['expires_in "soon"', () => emu.setFault({ kind: "badTokenResponse", expiresIn: "soon" }), InvalidTokenResponseError, /expires_in "soon"/],
    // A captive portal or login page served with 200: HTML where JSON was expected.
    ["HTML 200 instead of JSON", () => emu.setFault({ kind: "status", status: 200, body: "<!doctype html><title>Sign in</title>", contentType: "text/html", paths: ["/oauth"] }), InvalidTokenResponseError, /200 with text\/html that is not JSON/],
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
    // Retried only where a retry may help (the 502), and boundedly.
    expect(tokenRequests()).toBe(type === TokenEndpointError ? 3 : 1);
    emu.setFault(null);
    const token = await a.getToken();
    expect(sets).toEqual([token]);
    expect((await a.fetch(emu.resourceUrl)).status).toBe(200);
  });

  test("provider down (connection refused): a TokenEndpointError with a hint, nothing cached, then recovers", async () => {
    const down = await startMetapackEmulator();
    const url = down.url;
    await down.close();
    const a = createMetapackAuthMain({ baseUrl: url, ...METAPACK_EXAMPLE_API_KEY, retry: { limit: 1, delay: () => 1 } });
    const error = (await a.getToken().catch((e: unknown) => e)) as TokenEndpointError;
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/Could not reach the token endpoint/);
    expect(error.hint).toMatch(/base URL/);
    await expect(a.getToken()).rejects.toBeInstanceOf(TokenEndpointError);
  });

  test("a slow provider: the timeout option gives a TokenEndpointError (timeout) with a hint", async () => {
    emu.setFault({ kind: "delay", delayMs: 400, paths: ["/oauth"] });
    const error = (await auth({ timeout: 50, retry: 0 }).getToken().catch((e: unknown) => e)) as TokenEndpointError;
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.code).toBe("timeout");
    expect(error.message).toMatch(/did not answer within 50 ms/);
    expect(error.hint).toMatch(/timeout option/);
  });

  test("the refreshWindow and store options are used", async () => {
    emu.setTokenLifetime(600);
    const store = new MemoryTokenStore();
    const a = auth({ refreshWindow: 300_000, store });
    const first = await a.getToken();
    expect(await store.get(`metapack:${emu.url}:${emu.credentials.apiKeyId}`)).toEqual(first);
    now += 299_000;
    expect(await a.getToken()).toEqual(first);
    now += 2_000; // 299 s left < 300 s window
    expect((await a.getToken()).accessToken).not.toBe(first.accessToken);
    expect(tokenRequests()).toBe(2);
    // Another instance on the same store reuses the stored token.
    await auth({ store }).getToken();
    expect(tokenRequests()).toBe(2);
  });

  test("a 503 once is retried and succeeds", async () => {
    emu.setFault({ kind: "status", status: 503, times: 1, paths: ["/oauth"] });
    await auth({ retry: { limit: 2, delay: () => 1 } }).getToken();
    expect(tokenRequests()).toBe(2);
  });

  test("configuration errors name the file and key, never the secret", () => {
    const missingId = join(dir, "no-id.properties");
    writeFileSync(missingId, "apiKey.secret = CANARY-in-file\n");
    expect(() => createMetapackAuth({ baseUrl: emu.url, propertiesFile: missingId })).toThrow(ConfigurationError);
    expect(() => createMetapackAuth({ baseUrl: emu.url, propertiesFile: missingId })).toThrow(`"${missingId}" has no apiKey.id`);
    const empty = join(dir, "empty.properties");
    writeFileSync(empty, "apiKey.id=abc\napiKey.secret=\n");
    expect(() => loadApiKeyProperties(empty)).toThrow(`"${empty}" has an empty apiKey.secret`);
    // Not quoted: an unreadable "path" may be the file's text, with the secret (test/config-redaction.test.ts).
    expect(() => loadApiKeyProperties(join(dir, "nope.properties"))).toThrow(/Cannot read the apiKey.properties file at the path given \(ENOENT\)/);
    expect(() => loadApiKeyProperties(join(dir, "nope.properties"))).toThrow(expect.objectContaining({ hint: expect.stringContaining('"propertiesFile" path') }));
    expect(() => loadApiKeyProperties(empty)).toThrow(expect.objectContaining({ hint: expect.stringContaining('"apiKey.secret = ..."') }));
    expect(() => loadApiKeyProperties(dir)).toThrow(/\(EISDIR\)/);
    expect(() => parseApiKeyProperties("apiKey.id=a\napiKey.secret=CANARY\\u12")).toThrow(/line 2/);
    for (const run of [
      () => loadApiKeyProperties(missingId),
      () => parseApiKeyProperties("apiKey.id=a\napiKey.secret=CANARY\\u12"),
      () => createMetapackAuthMain({ baseUrl: emu.url, properties: "apiKey.secret=CANARY-x" }),
    ]) {
      const e = (() => {
        try {
          run();
        } catch (x) {
          return x as ConfigurationError;
        }
      })();
      expect(e).toBeInstanceOf(ConfigurationError);
      expect(`${e!.message} ${e!.hint} ${e!.stack} ${inspect(e)} ${JSON.stringify(e)}`).not.toContain("CANARY");
    }
    expect(() => createMetapackAuthMain({ baseUrl: emu.url, propertiesFile })).toThrow(/"propertiesFile" needs to read a file/);
    expect(() => createMetapackAuthMain({ baseUrl: emu.url, propertiesFile })).toThrow(expect.objectContaining({ hint: expect.stringContaining("@auth/metapack/node") }));
    expect(() => createMetapackAuthMain({ baseUrl: emu.url, apiKeyId: "", apiKeySecret: "x" })).toThrow(/apiKeyId/);
    expect(() => createMetapackAuthMain({ baseUrl: emu.url, apiKeyId: "a:b", apiKeySecret: "x" })).toThrow(/":"/);
    expect(() => createMetapackAuthMain({ baseUrl: "http://metapack.example", apiKeyId: "a", apiKeySecret: "x" })).toThrow(/https/);
  });
});

describe("no secret, token or Basic value in errors or logs (canaries)", () => {
  const id = "CANARYID0000000";
  const secret = "CANARY-SECRET-9f8e7d$+/";
  const basic = Buffer.from(`${id}:${secret}`).toString("base64");
  const canaries = [secret, basic, "CANARY-SECRET"];

  test("errors and logs", async () => {
    const e2 = await startMetapackEmulator({ apiKeyId: id, apiKeySecret: secret });
    const logs: string[] = [];
    const logger = { warn: (m: string) => logs.push(m), debug: (m: string) => logs.push(m) };
    const failing: TokenStore = {
      get: () => Promise.reject(new Error("store down")),
      set: () => Promise.reject(new Error("store down")),
      delete: () => Promise.reject(new Error("store down")),
    };
    try {
      const good = createMetapackAuthMain({ baseUrl: e2.url, properties: e2.credentials.properties, logger, store: failing, retry: 0 });
      const token = await good.getToken();
      canaries.push(token.accessToken);
      const seen: unknown[] = [good, token];
      const wrong = createMetapackAuthMain({ baseUrl: e2.url, apiKeyId: id, apiKeySecret: `${secret}x`, logger, retry: 0 });
      seen.push(await wrong.getToken().catch((e) => e));
      // A server that echoes what it got, in an OAuth error and in an HTML page.
      const echo = JSON.stringify({ error: "invalid_client", error_description: `bad ${secret} / ${basic}` });
      e2.setFault({ kind: "status", status: 401, body: echo, contentType: "application/json" });
      seen.push(await good.getToken({ forceRefresh: true }).catch((e) => e));
      e2.setFault({ kind: "status", status: 400, body: `<html>${secret} ${basic}</html>`, contentType: "text/html" });
      seen.push(await good.getToken({ forceRefresh: true }).catch((e) => e));
      e2.setFault(null);
      e2.setFault({ kind: "badTokenResponse", expiresIn: "soon" });
      seen.push(await good.getToken({ forceRefresh: true }).catch((e) => e));
      e2.setFault(null);
      seen.push(await good.client().get(`${e2.url}/nothing`).catch((e) => e));
      expect(seen.filter((e) => e instanceof Error)).toHaveLength(5);
      expect(logs.length).toBeGreaterThan(0);
      const printed = printedForms(seen);
      for (const text of [...printed, ...logs]) for (const c of canaries) expect(text).not.toContain(c);
    } finally {
      await e2.close();
    }
  });
});
