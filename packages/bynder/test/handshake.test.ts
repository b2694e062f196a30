import { FlowError, MemoryTokenStore, storeKey } from "@auth/core";
import { type BynderEmulator, startBynderEmulator } from "@auth/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACCESS_TOKEN_LIFETIME_MS, createBynderAuth, TokenExpiredError, UnauthorizedError } from "../src/index.js";
import { createBynderAuth as createNodeBynderAuth, login } from "../src/node.js";

let emulator: BynderEmulator;
let now: number;
const clock = () => now;

beforeEach(async () => {
  now = Date.now();
  emulator = await startBynderEmulator({ clock });
});
afterEach(() => emulator.close());

const logs = () => {
  const lines: string[] = [];
  return { lines, logger: { warn: (m: string) => lines.push(m) } };
};

// The user's browser: open the authorise page, follow its redirect to the callback.
const browser = async (url: string) => {
  const page = await fetch(url, { redirect: "manual" });
  expect(page.status).toBe(302);
  const back = await fetch(page.headers.get("location")!);
  expect(back.status).toBe(200);
  await back.text();
};

describe("permanent token", () => {
  it("signs GET with a query and POST with a form body, via client() and fetch", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, clock });
    const api = auth.client();
    const got = await api.get("api/v4/media/", { searchParams: { keyword: "a b+c", type: "image", "c@": "x%y" } }).json<{ query: [string, string][] }>();
    expect(got.query).toEqual([
      ["keyword", "a b+c"],
      ["type", "image"],
      ["c@", "x%y"],
    ]);
    const posted = await api.post("api/v4/media/", { body: new URLSearchParams({ name: "Hello Ladies + Gentlemen", tags: "a,b" }) }).json<{ form: [string, string][] }>();
    expect(posted.form).toEqual([
      ["name", "Hello Ladies + Gentlemen"],
      ["tags", "a,b"],
    ]);
    const res = await auth.fetch(`${emulator.url}/api/v4/media/?q=%E2%98%83&q=1`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "q=2&empty=&plus=1+1",
    });
    expect(res.status).toBe(200);
    expect((await res.json()).form).toEqual([
      ["q", "2"],
      ["empty", ""],
      ["plus", "1 1"],
    ]);
    // A JSON body is not part of the signature, and is accepted.
    const json = await auth.fetch(`${emulator.url}/api/v4/media/`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(json.status).toBe(200);
  });

  it("signs form bodies given as Blob, ArrayBuffer or typed array (read by core's authFetch)", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, clock });
    const text = "name=caf%C3%A9+%2B&tags=a%2Cb";
    const bytes = new TextEncoder().encode(text);
    const form = "application/x-www-form-urlencoded";
    for (const body of [new Blob([text], { type: form }), bytes.buffer, bytes]) {
      const res = await auth.fetch(`${emulator.url}/api/v4/media/`, { method: "POST", headers: { "content-type": form }, body });
      expect(res.status, await res.clone().text()).toBe(200);
      expect((await res.json()).form).toEqual([
        ["name", "café +"],
        ["tags", "a,b"],
      ]);
    }
    const viaKy = await auth.client().post("api/v4/media/", { headers: { "content-type": form }, body: new Blob([text]) }).json<{ form: [string, string][] }>();
    expect(viaKy.form).toEqual([
      ["name", "café +"],
      ["tags", "a,b"],
    ]);
  });

  it("the README's two-line quick start works as written", async () => {
    const env = { BYNDER_CONSUMER_KEY: emulator.consumer.key, BYNDER_CONSUMER_SECRET: emulator.consumer.secret, BYNDER_TOKEN_KEY: emulator.permanentToken.key, BYNDER_TOKEN_SECRET: emulator.permanentToken.secret };
    const api = createBynderAuth({ baseUrl: emulator.url, consumer: { key: env.BYNDER_CONSUMER_KEY, secret: env.BYNDER_CONSUMER_SECRET }, token: { key: env.BYNDER_TOKEN_KEY, secret: env.BYNDER_TOKEN_SECRET } }).client();
    expect(await api.get("api/v4/media/").json()).toMatchObject({ method: "GET", media: [{ type: "image" }] });
    expect(emulator.requests.all.at(-1)!.headers.authorization).toMatch(/^OAuth oauth_consumer_key="/);
  });

  it("rejects a replayed request (same nonce)", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, clock });
    const headers = await auth.authorize({ method: "GET", url: emulator.mediaUrl });
    expect((await fetch(emulator.mediaUrl, { headers })).status).toBe(200);
    const again = await fetch(emulator.mediaUrl, { headers });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("oauth_problem=nonce_used");
  });

  it("reports a 401 with the document's likely causes and does not retry", async () => {
    const { lines, logger } = logs();
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, clock, logger });
    emulator.setFault({ kind: "revokeTokens" });
    emulator.requests.clear();
    const res = await auth.fetch(emulator.mediaUrl);
    expect(res.status).toBe(401);
    expect(emulator.requests.count("/api/v4/media/")).toBe(1);
    expect(lines.join("\n")).toMatch(/expired .*revoked|revoked/);
    expect(lines.join("\n")).toContain("permission");
    const error = await auth.client().get("api/v4/media/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).status).toBe(401);
    expect((error as UnauthorizedError).problem).toBe("token_revoked");
    expect((error as UnauthorizedError).hint).toContain("30 days");
    expect(emulator.requests.count("/api/v4/media/")).toBe(2);
  });

  it("a clock 20 minutes off: timestamp refused, with the skew in the hint", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, clock: () => now + 20 * 60_000 });
    const error = (await auth.client().get("api/v4/media/").catch((e: unknown) => e)) as UnauthorizedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.problem).toBe("timestamp_refused");
    expect(error.clockSkewMs).toBeLessThan(-19 * 60_000);
    expect(error.hint).toMatch(/clock is 20 minutes ahead/);
  });

  it("the emulator's timestamp window is ±10 minutes", async () => {
    const at = (offsetMs: number) => createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, clock: () => now + offsetMs });
    expect((await at(9 * 60_000).fetch(emulator.mediaUrl)).status).toBe(200);
    expect((await at(-9 * 60_000).fetch(emulator.mediaUrl)).status).toBe(200);
    const late = (await at(-11 * 60_000).client().get("api/v4/media/").catch((e: unknown) => e)) as UnauthorizedError;
    expect(late.problem).toBe("timestamp_refused");
    expect(late.hint).toMatch(/clock is 11 minutes behind/);
  });

  it("a wrong consumer secret: signature_invalid, with the server's base string", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: { key: emulator.consumer.key, secret: "wrong" }, token: emulator.permanentToken, clock });
    const error = (await auth.client().get("api/v4/media/", { searchParams: { a: "1" } }).catch((e: unknown) => e)) as UnauthorizedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.problem).toBe("signature_invalid");
    expect(error.hint).toContain("consumer secret");
    expect(error.serverBaseString).toMatch(/^GET&http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fapi%2Fv4%2Fmedia%2F&a%3D1%26oauth_consumer_key/);
    expect(error.serverBaseString).not.toContain(emulator.permanentToken.key);
  });
});

describe("three-legged handshake (temporary tokens)", () => {
  it("auth.login(): request token, browser, callback, access token stored with its 30-day expiry", async () => {
    const store = new MemoryTokenStore();
    const auth = createNodeBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, store, clock });
    await expect(auth.getToken()).rejects.toMatchObject({ code: "login_required" });
    let shown = "";
    const token = await auth.login({ timeoutMs: 10_000, openBrowser: browser, onAuthoriseUrl: (u) => (shown = u) });
    expect(shown).toMatch(/\/api\/v4\/oauth\/authorise\/\?oauth_token=[0-9A-F-]+&callback=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback%3Fstate%3D/);
    expect(token.expiresAt).toBe(now + ACCESS_TOKEN_LIFETIME_MS);
    expect(token.tokenSecret).toBeTruthy();
    expect((await store.get(storeKey({ provider: "bynder", baseUrl: emulator.url, account: emulator.consumer.key })))?.accessToken).toBe(token.accessToken);
    const res = await auth.client().get("api/v4/media/").json<{ media: unknown[] }>();
    expect(res.media).toHaveLength(1);
    // Another instance on the same store signs with the stored token.
    const other = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, store, clock });
    expect((await other.fetch(emulator.mediaUrl)).status).toBe(200);
  });

  it("without a callback the authorise page shows the token; auth_token is accepted too", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock, authoriseTokenParam: "auth_token" });
    const rt = await auth.requestToken();
    expect(rt.expiresAt - rt.issuedAt).toBe(10 * 60_000);
    const url = auth.authoriseUrl(rt);
    expect(url).toContain("auth_token=");
    expect(url).not.toContain("oauth_token=");
    const page = await fetch(url);
    expect(await page.text()).toContain(rt.key);
    const token = await auth.accessToken(rt);
    expect(token.tokenType).toBe("OAuth");
    expect((await auth.fetch(emulator.mediaUrl)).status).toBe(200);
  });

  it("refuses an expired request token before calling the server", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock });
    const rt = await auth.requestToken();
    await fetch(auth.authoriseUrl(rt));
    now += 10 * 60_000 + 1;
    emulator.requests.clear();
    const error = await auth.accessToken(rt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowError);
    expect((error as FlowError).hint).toContain("10 minutes");
    expect(emulator.requests.count()).toBe(0);
  });

  it("the emulator refuses an expired request token too (token_expired, with the step's causes)", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock });
    const rt = await auth.requestToken();
    await fetch(auth.authoriseUrl(rt));
    emulator.setFault({ kind: "expireTokens" });
    const error = (await auth.accessToken(rt).catch((e: unknown) => e)) as UnauthorizedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.problem).toBe("token_expired");
    expect(error.hint).toContain("older than 10 minutes");
  });

  it("refuses a reused request token (client side, and the server agrees)", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock });
    const rt = await auth.requestToken();
    await fetch(auth.authoriseUrl(rt));
    await auth.accessToken(rt);
    const again = await auth.accessToken(rt).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(FlowError);
    expect((again as FlowError).message).toContain("already exchanged");
    // A second client that does not know it was spent: the emulator refuses it.
    const other = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock });
    const server = (await other.accessToken(rt).catch((e: unknown) => e)) as UnauthorizedError;
    expect(server).toBeInstanceOf(UnauthorizedError);
    expect(server.problem).toBe("token_used");
    expect(server.hint).toContain("already exchanged");
  });

  it("a request token not authorised yet: 401 with the step's causes; it can be retried after authorising", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock });
    const rt = await auth.requestToken();
    const error = (await auth.accessToken(rt).catch((e: unknown) => e)) as UnauthorizedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.phase).toBe("access_token");
    expect(error.hint).toContain("not authorised");
    emulator.authorise(rt.key);
    await expect(auth.accessToken(rt)).resolves.toMatchObject({ tokenType: "OAuth" });
  });

  it("a wrong consumer secret fails step 1 with a hint about the consumer", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: { key: emulator.consumer.key, secret: "not-the-secret" }, clock });
    const error = (await auth.requestToken().catch((e: unknown) => e)) as UnauthorizedError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.problem).toBe("signature_invalid");
    expect(error.hint).toContain("consumer key and secret");
  });

  it("warns before a temporary token expires and refuses to send it after", async () => {
    const { lines, logger } = logs();
    const store = new MemoryTokenStore();
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, store, clock, logger });
    const rt = await auth.requestToken();
    await fetch(auth.authoriseUrl(rt));
    const token = await auth.accessToken(rt);
    now = token.expiresAt! - 24 * 3_600_000;
    expect((await auth.fetch(emulator.mediaUrl)).status).toBe(200);
    expect(lines.filter((l) => l.includes("expires in about 24 hours"))).toHaveLength(1);
    await auth.fetch(emulator.mediaUrl);
    expect(lines).toHaveLength(1); // once per token
    // expiryWarningMs moves the warning: with 1 hour, nothing yet at 24 hours left.
    const quiet = logs();
    const late = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, store, clock, logger: quiet.logger, expiryWarningMs: 3_600_000 });
    expect((await late.fetch(emulator.mediaUrl)).status).toBe(200);
    expect(quiet.lines).toEqual([]);
    now = token.expiresAt! - 30 * 60_000;
    await late.fetch(emulator.mediaUrl);
    expect(quiet.lines).toEqual([expect.stringMatching(/expires in about 1 hour /)]);
    now = token.expiresAt!;
    emulator.requests.clear();
    await expect(auth.fetch(emulator.mediaUrl)).rejects.toBeInstanceOf(TokenExpiredError);
    expect(emulator.requests.count()).toBe(0);
  });

  it("the emulator expires access tokens after 30 days", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock, token: { ...emulator.issueAccessToken() } });
    emulator.setFault({ kind: "expireTokens" });
    const error = (await auth.client().get("api/v4/media/").catch((e: unknown) => e)) as UnauthorizedError;
    expect(error.problem).toBe("token_expired");
  });

  it("login times out with a FlowError when the browser never comes back", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock });
    const error = await login(auth, { timeoutMs: 200, openBrowser: false, onAuthoriseUrl: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowError);
  });

  it("no token: a typed error with a hint", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, clock });
    await expect(auth.fetch(emulator.mediaUrl)).rejects.toMatchObject({ code: "login_required" });
  });
});
