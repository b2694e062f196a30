import { type BynderEmulator, startBynderEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, playBrowser, run, spawnInteractive, tempDir } from "./helpers.js";

const CANARY = "CANARY-bynder-9d1e";
let bynder: BynderEmulator;
beforeAll(async () => {
  bynder = await startBynderEmulator();
});
afterAll(() => bynder?.close());

const consumerEnv = (extra: Record<string, string | undefined> = {}) =>
  cleanEnv(tempDir(), { BYNDER_BASE_URL: bynder.url, BYNDER_CONSUMER_KEY: bynder.consumer.key, BYNDER_CONSUMER_SECRET: bynder.consumer.secret, ...extra });
const permanentEnv = (extra: Record<string, string | undefined> = {}) =>
  consumerEnv({ BYNDER_TOKEN_KEY: bynder.permanentToken.key, BYNDER_TOKEN_SECRET: bynder.permanentToken.secret, ...extra });

describe("bynder", () => {
  it("token prints the configured permanent pair; --json too", async () => {
    const r = await run(["bynder", "token"], { env: permanentEnv() });
    expect(r.code).toBe(0);
    const pair = new URLSearchParams(r.stdout.trim());
    expect(pair.get("oauth_token")).toBe(bynder.permanentToken.key);
    expect(pair.get("oauth_token_secret")).toBe(bynder.permanentToken.secret);
    const j = JSON.parse((await run(["bynder", "token", "--json"], { env: permanentEnv() })).stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ provider: "bynder", accessToken: bynder.permanentToken.key, tokenSecret: bynder.permanentToken.secret, expiresAt: null, source: "config" });
  });

  it("request signs query parameters (spaces, +, unicode, repeats) and form data", async () => {
    const env = permanentEnv();
    const get = await run(["bynder", "request", "GET", "/api/v4/media/?type=image&q=a+b", "-d", "keyword=red shoes", "-d", "keyword=ü!*'()", "-d", "empty="], { env });
    expect(get.stderr).toContain("HTTP 200");
    expect(get.code).toBe(0);
    const post = await run(["bynder", "request", "POST", "/api/v4/media/?x=1 2", "-d", "name=My photo", "-d", "tags=a+b&c", "--json"], { env });
    expect(post.code).toBe(0);
    expect(JSON.parse(post.stdout)).toMatchObject({ status: 200 });
    const raw = await run(["bynder", "request", "POST", `${bynder.url}/api/v4/media/`, "--data-raw", "a=1&b=two%20words"], { env });
    expect(raw.code).toBe(0);
  });

  it("a wrong consumer secret is refused with a hint, and never printed", async () => {
    const r = await run(["bynder", "request", "GET", "/api/v4/media/"], { env: permanentEnv({ BYNDER_CONSUMER_SECRET: CANARY }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 401/);
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it("missing consumer settings and a half permanent token name their env vars", async () => {
    const a = await run(["bynder", "token"], { env: consumerEnv({ BYNDER_CONSUMER_KEY: undefined }) });
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("BYNDER_CONSUMER_KEY");
    const b = await run(["bynder", "token"], { env: consumerEnv({ BYNDER_TOKEN_KEY: "k" }) });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("BYNDER_TOKEN_SECRET");
    const c = await run(["bynder", "token"], { env: consumerEnv() });
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/hint: .*auth-token bynder login/);
  });

  it("login: the three-legged handshake with the browser played by fetch; then token, request, status, logout", async () => {
    const env = consumerEnv();
    const p = spawnInteractive(["bynder", "login", "--no-browser"], env);
    const url = await p.url;
    expect(url).toContain("/api/v4/oauth/authorise/");
    await playBrowser(url);
    const r = await p.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/bynder: logged in as .* token valid until/);
    const t = JSON.parse((await run(["bynder", "token", "--json"], { env })).stdout) as { expiresAt: string; tokenSecret: string; source: string };
    expect(t.source).toBe("store");
    expect(Date.parse(t.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const req = await run(["bynder", "request", "POST", "/api/v4/media/", "-d", "title=Überschrift & more"], { env });
    expect(req.code).toBe(0);
    const s = await run(["status"], { env });
    expect(s.stdout).toContain("bynder");
    expect(s.stdout).not.toContain(t.tokenSecret);
    expect((await run(["bynder", "logout"], { env })).code).toBe(0);
    expect((await run(["bynder", "token"], { env })).code).toBe(1);
  });
});
