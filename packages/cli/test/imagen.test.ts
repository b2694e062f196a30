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

  it("oob code flow: the secret from --secret-stdin (first line), then the pasted code (next line); a wrong secret is refused and never printed", async () => {
    const e = env({ XDG_CONFIG_HOME: join(tempDir(), "c") });
    const p = spawnInteractive(["imagen", "login", "--response-type", "code", "--no-browser", "--secret-stdin"], e);
    p.child.stdin.write(`${imagen.credentials.apiSecret}\n`);
    const url = await p.url;
    expect(url).toContain("response_type=code");
    const code = /<title>([^<]+)<\/title>/.exec(await (await fetch(url)).text())![1]!;
    p.child.stdin.end(`${code}\n`);
    const r = await p.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Paste the code");
    expect(r.stdout + r.stderr).not.toContain(imagen.credentials.apiSecret);
    const j = JSON.parse((await run(["imagen", "token", "--json"], { env: e })).stdout) as Record<string, unknown>;
    expect(j.refreshToken).toEqual(expect.any(String));
    // status shows scopes and expiry, never the access or refresh token
    for (const args of [["status"], ["status", "--json"]]) {
      const s = await run(args, { env: e });
      expect(s.stdout).toContain("readUsersData");
      expect(s.stdout).not.toContain(j.accessToken as string);
      expect(s.stdout).not.toContain(j.refreshToken as string);
    }

    const CANARY = "CANARY-imagen-s3cr3t-91b2";
    const bad = spawnInteractive(["imagen", "login", "--response-type", "code", "--no-browser"], env({ IMAGEN_API_SECRET: CANARY }));
    const badUrl = await bad.url;
    const badCode = /<title>([^<]+)<\/title>/.exec(await (await fetch(badUrl)).text())![1]!;
    bad.child.stdin.end(`${badCode}\n`);
    const b = await bad.done;
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/error: .*invalid_client/);
    expect(b.stderr).toMatch(/hint: .*apiSecret from IMAGEN_API_SECRET/);
    expect(b.stdout + b.stderr).not.toContain(CANARY);
  });

  it("settings: flags beat environment variables, which beat the application file", async () => {
    const dir = tempDir();
    const app = join(dir, "app.json");
    writeFileSync(app, JSON.stringify({ apiKey: "key-from-file", apiSecret: "file-secret" }));
    const account = async (args: string[], extra: Record<string, string | undefined>) => {
      const r = await run(["imagen", "logout", "--json", ...args], { env: cleanEnv(dir, { IMAGEN_BASE_URL: imagen.url, IMAGEN_APPLICATION: app, ...extra }) });
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { account: string }).account;
    };
    expect(await account([], {})).toBe("key-from-file");
    expect(await account([], { IMAGEN_API_KEY: "key-from-env" })).toBe("key-from-env");
    expect(await account(["--api-key", "key-from-flag"], { IMAGEN_API_KEY: "key-from-env" })).toBe("key-from-flag");
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ apiKey: "key-from-flag-file" }));
    expect(await account(["--application", other], {})).toBe("key-from-flag-file");
  });

  it("a broken application file: the expected and found keys are listed, the secret never", async () => {
    const dir = tempDir();
    const app = join(dir, "app.json");
    writeFileSync(app, JSON.stringify({ id: "x", password: "CANARY-app-secret-5d" }));
    const r = await run(["imagen", "token"], { env: cleanEnv(dir, { IMAGEN_BASE_URL: imagen.url, IMAGEN_APPLICATION: app }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*no API key\. Expected one of the keys apiKey.*found: "id", "password"/);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toContain("CANARY-app-secret-5d");
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
