import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ImagenEmulator, startImagenEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, playBrowser, run, spawnInteractive, tempDir } from "./helpers.js";

let imagen: ImagenEmulator;
beforeAll(async () => {
  imagen = await startImagenEmulator({ refreshTokens: true });
});
afterAll(() => imagen?.close());

const env = (extra: Record<string, string | undefined> = {}) =>
  cleanEnv(tempDir(), { IMAGEN_BASE_URL: imagen.url, IMAGEN_API_KEY: imagen.credentials.apiKey, ...extra });

describe("imagen", () => {
  it("token before login: clear error pointing at login", async () => {
    const r = await run(["imagen", "token"], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hint: Run 'auth-token imagen login'/);
  });

  it("missing API key names IMAGEN_API_KEY and IMAGEN_APPLICATION", async () => {
    const r = await run(["imagen", "token"], { env: env({ IMAGEN_API_KEY: undefined }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("IMAGEN_API_KEY");
    expect(r.stderr).toContain("IMAGEN_APPLICATION");
  });

  it("oob implicit flow: the user pastes what the page shows, fed through stdin", async () => {
    const e = env();
    const p = spawnInteractive(["imagen", "login", "--no-browser"], e);
    const url = await p.url;
    expect(url).toContain("redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob");
    const html = await (await fetch(url)).text();
    const token = /<title>([^<]+)<\/title>/.exec(html)![1]!;
    p.child.stdin.end(`  ${token}  \n`);
    const r = await p.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Paste the token");
    expect(r.stderr).toMatch(/logged in as imagen-test-key/);
    expect(r.stderr).not.toContain(token);
    const t = await run(["imagen", "token"], { env: e });
    expect(t.stdout.trim()).toBe(token);
    const req = await run(["imagen", "request", "GET", "/api/v1/records"], { env: e });
    expect(req.code).toBe(0);
    expect(JSON.parse(req.stdout)).toHaveProperty("items");
    const s = JSON.parse((await run(["status", "--json"], { env: e })).stdout) as { tokens: { provider: string; scopes: string[] }[] };
    expect(s.tokens[0]).toMatchObject({ provider: "imagen", scopes: ["readUsersData", "modifyUsersData"] });
  });

  it("loopback code flow, the browser played by an HTTP client; token via the application file", async () => {
    const dir = tempDir();
    const app = join(dir, "app.json");
    writeFileSync(app, JSON.stringify({ "API key": imagen.credentials.apiKey, "API secret": imagen.credentials.apiSecret, "Application type": "Installed app" }));
    const e = cleanEnv(dir, { IMAGEN_BASE_URL: imagen.url, IMAGEN_APPLICATION: app });
    const p = spawnInteractive(["imagen", "login", "--redirect", "localhost", "--response-type", "code", "--no-browser"], e);
    const url = await p.url;
    expect(url).toContain("response_type=code");
    await playBrowser(url);
    const r = await p.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Waiting for the browser");
    expect(r.stderr).not.toContain(imagen.credentials.apiSecret);
    const j = JSON.parse((await run(["imagen", "token", "--json"], { env: e })).stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ provider: "imagen", tokenType: expect.stringMatching(/bearer/i) });
    expect(j.refreshToken).toEqual(expect.any(String));
  });

  it("loopback implicit flow: the fragment is posted back by the listener page", async () => {
    const e = env();
    const p = spawnInteractive(["imagen", "login", "--redirect", "localhost", "--no-browser", "--timeout", "10"], e);
    await playBrowser(await p.url);
    const r = await p.done;
    expect(r.code).toBe(0);
    expect((await run(["imagen", "request", "GET", "/api/v1/records"], { env: e })).code).toBe(0);
  });

  it("login times out with a clear error", async () => {
    const p = spawnInteractive(["imagen", "login", "--redirect", "localhost", "--no-browser", "--timeout", "0.5"], env());
    await p.url;
    const r = await p.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*within/);
  });

  it("denied consent is reported", async () => {
    imagen.setConsent("deny");
    try {
      const p = spawnInteractive(["imagen", "login", "--redirect", "localhost", "--no-browser"], env());
      await playBrowser(await p.url, 400);
      const r = await p.done;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/denied/i);
    } finally {
      imagen.setConsent("approve");
    }
  });
});
