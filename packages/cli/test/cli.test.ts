import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ConfigApiEmulator, type MetapackEmulator, startConfigApiEmulator, startMetapackEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, run, tempDir } from "./helpers.js";

const CANARY = "CANARY-s3cr3t-7f3a9c";
let metapack: MetapackEmulator;
let configapi: ConfigApiEmulator;
let home: string;
let props: string;

beforeAll(async () => {
  metapack = await startMetapackEmulator();
  configapi = await startConfigApiEmulator();
  home = tempDir();
  props = join(home, "apiKey.properties");
  writeFileSync(props, metapack.credentials.properties);
});
afterAll(async () => {
  await metapack?.close();
  await configapi?.close();
});

const mpEnv = (extra: Record<string, string | undefined> = {}) => cleanEnv(home, { METAPACK_BASE_URL: metapack.url, METAPACK_PROPERTIES: props, ...extra });
const caEnv = (extra: Record<string, string | undefined> = {}) =>
  cleanEnv(home, { CONFIGAPI_BASE_URL: configapi.url, CONFIGAPI_CLIENT_ID: configapi.credentials.clientId, CONFIGAPI_CLIENT_SECRET: configapi.credentials.clientSecret, ...extra });

describe("help, version, usage errors", () => {
  it("--version prints the package version", async () => {
    const r = await run(["--version"], { env: cleanEnv(home) });
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it.each([
    [["--help"], "auth-token <provider> token"],
    [["-h"], "auth-token status"],
    [["help"], "Providers:"],
    [["metapack", "--help"], "METAPACK_PROPERTIES"],
    [["configapi", "--help"], "CONFIGAPI_SCOPE"],
    [["bynder", "--help"], "BYNDER_TOKEN_SECRET"],
    [["imagen", "--help"], "IMAGEN_APPLICATION"],
    [["metapack", "token", "--help"], "--force"],
    [["bynder", "request", "--help"], "query and form data"],
    [["imagen", "login", "--help"], "--redirect oob|localhost|URI"],
    [["help", "configapi", "logout"], "Removes the stored token"],
    [["status", "--help"], "--json"],
    [["demo", "--help"], "emulators"],
  ])("%j shows help on stdout, exit 0", async (args, text) => {
    const r = await run(args, { env: cleanEnv(home) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(text);
    expect(r.stderr).toBe("");
  });

  it.each([
    [[], "Usage:"],
    [["nope"], "Unknown command or provider 'nope'"],
    [["metapack"], "Usage:"],
    [["metapack", "fly"], "Unknown command 'fly' for metapack"],
    [["metapack", "token", "--bogus"], "Unknown option --bogus"],
    [["metapack", "token", "--scope", "x"], "--scope does not apply to 'metapack token'"],
    [["status", "extra"], "takes no arguments"],
    [["metapack", "request", "GET"], "request needs a METHOD and a URL"],
    [["metapack", "token", "--port"], "argument missing"],
  ])("%j is a usage error: exit 2", async (args, text) => {
    const r = await run(args, { env: mpEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
  });

  it("errors are one line plus a hint, no stack; --debug adds the stack", async () => {
    const r = await run(["metapack", "token"], { env: cleanEnv(home) });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error: .*METAPACK_BASE_URL/);
    expect(lines[1]).toMatch(/^hint: /);
    const d = await run(["metapack", "token", "--debug"], { env: cleanEnv(home) });
    expect(d.stderr).toMatch(/\n\s+at /);
  });

  it("no colour when not a terminal, with or without NO_COLOR", async () => {
    for (const env of [cleanEnv(home), cleanEnv(home, { NO_COLOR: "1", FORCE_COLOR: "1" })]) {
      const r = await run(["nope"], { env });
      expect(r.stderr).not.toContain("\x1b[");
    }
  });
});

describe("metapack", () => {
  it("token: fetches once, then answers from the store without a request (fast path)", async () => {
    const env = mpEnv({ XDG_CONFIG_HOME: join(tempDir(), "cfg") });
    const before = metapack.requests.count("/oauth");
    const a = await run(["metapack", "token"], { env });
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^\S+\n$/);
    const b = await run(["metapack", "token"], { env });
    expect(b.stdout).toBe(a.stdout);
    expect(metapack.requests.count("/oauth")).toBe(before + 1);
    const f = await run(["metapack", "token", "--force"], { env });
    expect(f.stdout).not.toBe(a.stdout);
    expect(metapack.requests.count("/oauth")).toBe(before + 2);
    // the store: under XDG_CONFIG_HOME/auth-token, mode 0600
    const path = join(env.XDG_CONFIG_HOME!, "auth-token", "tokens.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, "utf8")).not.toContain(metapack.credentials.apiKeySecret);
  });

  it("token --json has the documented shape", async () => {
    const env = mpEnv({ XDG_CONFIG_HOME: join(tempDir(), "cfg") });
    const r = await run(["metapack", "token", "--json"], { env });
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(j).sort()).toEqual(["accessToken", "expiresAt", "issuedAt", "provider", "scopes", "source", "tokenType"]);
    expect(j).toMatchObject({ provider: "metapack", tokenType: "bearer", source: "fetched", scopes: expect.arrayContaining(["can-create-locations"]) });
    expect(new Date(j.expiresAt as string).toISOString()).toBe(j.expiresAt);
    const again = JSON.parse((await run(["metapack", "token", "--json"], { env })).stdout) as Record<string, unknown>;
    expect(again.source).toBe("store");
  });

  it("--store PATH and AUTH_TOKEN_STORE choose the file; HOME/.config when XDG_CONFIG_HOME is unset", async () => {
    const dir = tempDir();
    const viaFlag = join(dir, "flag.json");
    expect((await run(["metapack", "token", "--store", viaFlag], { env: mpEnv() })).code).toBe(0);
    expect(statSync(viaFlag).mode & 0o777).toBe(0o600);
    const viaEnv = join(dir, "env.json");
    expect((await run(["metapack", "token"], { env: mpEnv({ AUTH_TOKEN_STORE: viaEnv }) })).code).toBe(0);
    expect(statSync(viaEnv).mode & 0o777).toBe(0o600);
    const h = tempDir();
    const env = cleanEnv(h, { METAPACK_BASE_URL: metapack.url, METAPACK_PROPERTIES: props });
    delete env.XDG_CONFIG_HOME;
    expect((await run(["metapack", "token"], { env })).code).toBe(0);
    expect(statSync(join(h, ".config", "auth-token", "tokens.json")).mode & 0o777).toBe(0o600);
  });

  it("reads ./apiKey.properties from the current directory as the last source", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "apiKey.properties"), metapack.credentials.properties);
    const r = await run(["metapack", "token"], { env: cleanEnv(dir, { METAPACK_BASE_URL: metapack.url }), cwd: dir });
    expect(r.code).toBe(0);
  });

  it("env overrides the file: a wrong secret from METAPACK_API_KEY_SECRET is refused, and never printed", async () => {
    const r = await run(["metapack", "token", "--force"], { env: mpEnv({ METAPACK_API_KEY_SECRET: CANARY, XDG_CONFIG_HOME: join(tempDir(), "c") }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid_client/);
    expect(r.stderr).toMatch(/hint: .*METAPACK_API_KEY_SECRET/);
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it("a secret given as a flag works but warns (without echoing it)", async () => {
    const env = cleanEnv(home, { METAPACK_BASE_URL: metapack.url, METAPACK_API_KEY_ID: metapack.credentials.apiKeyId, XDG_CONFIG_HOME: join(tempDir(), "c") });
    const r = await run(["metapack", "token", "--api-key-secret", metapack.credentials.apiKeySecret], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: --api-key-secret puts a secret in your shell history/);
    expect(r.stderr).not.toContain(metapack.credentials.apiKeySecret);
  });

  it("missing credentials name the env vars and file; an unreadable file is named", async () => {
    const r = await run(["metapack", "token"], { env: cleanEnv(tempDir(), { METAPACK_BASE_URL: metapack.url }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("METAPACK_PROPERTIES");
    const m = await run(["metapack", "token"], { env: mpEnv({ METAPACK_PROPERTIES: join(home, "missing.properties") }) });
    expect(m.code).toBe(1);
    expect(m.stderr).toContain("missing.properties");
    expect(m.stderr).toContain("ENOENT");
  });

  it("request: body on stdout, status on stderr, exit 0 on 2xx and 1 otherwise", async () => {
    const env = mpEnv();
    const ok = await run(["metapack", "request", "GET", "/api/ping"], { env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
    expect(ok.stderr).toContain("HTTP 200");
    const nf = await run(["metapack", "request", "GET", `${metapack.url}/nowhere`], { env });
    expect(nf.code).toBe(1);
    expect(nf.stderr).toMatch(/HTTP 404/);
    const j = await run(["metapack", "request", "get", "api/ping", "--json", "-H", "X-Test: 1"], { env });
    const body = JSON.parse(j.stdout) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["body", "headers", "status", "statusText", "url"]);
    expect(body).toMatchObject({ status: 200, body: { ok: true } });
  });

  it("login validates and stores; status lists it without the value; logout removes it", async () => {
    const env = mpEnv({ XDG_CONFIG_HOME: join(tempDir(), "cfg") });
    const l = await run(["metapack", "login"], { env });
    expect(l.code).toBe(0);
    expect(l.stderr).toMatch(/logged in as 1DR3434KDFJLR32L53L4235J6/);
    const token = (await run(["metapack", "token"], { env })).stdout.trim();
    const s = await run(["status"], { env });
    expect(s.stdout).toContain("metapack");
    expect(s.stdout).toContain(metapack.url);
    expect(s.stdout).not.toContain(token);
    const sj = JSON.parse((await run(["status", "--json"], { env })).stdout) as { store: string; tokens: Record<string, unknown>[] };
    expect(sj.tokens).toHaveLength(1);
    expect(Object.keys(sj.tokens[0]!).sort()).toEqual(["account", "baseUrl", "expired", "expiresAt", "issuedAt", "profile", "provider", "scopes", "storage", "tokenType"]);
    expect(JSON.stringify(sj)).not.toContain(token);
    const lj = JSON.parse((await run(["metapack", "login", "--json"], { env })).stdout) as Record<string, unknown>;
    expect(lj).toMatchObject({ provider: "metapack", account: metapack.credentials.apiKeyId, expired: false });
    expect(JSON.stringify(lj)).not.toContain(token);
    const o = await run(["metapack", "logout"], { env });
    expect(o.code).toBe(0);
    expect(o.stderr).toMatch(/Removed/);
    expect(JSON.parse((await run(["status", "--json"], { env })).stdout).tokens).toEqual([]);
    const again = await run(["metapack", "logout", "--json"], { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ removed: false });
  });
});

describe("configapi", () => {
  it("token from env; --secret-stdin; <VAR>_FILE", async () => {
    const a = await run(["configapi", "token", "--json"], { env: caEnv({ XDG_CONFIG_HOME: join(tempDir(), "c") }) });
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ provider: "configapi", tokenType: "Bearer" });
    const b = await run(["configapi", "token", "--secret-stdin"], { env: caEnv({ CONFIGAPI_CLIENT_SECRET: undefined, XDG_CONFIG_HOME: join(tempDir(), "c") }), input: `${configapi.credentials.clientSecret}\n` });
    expect(b.code).toBe(0);
    const file = join(tempDir(), "secret");
    writeFileSync(file, `${configapi.credentials.clientSecret}\n`);
    const c = await run(["configapi", "token"], { env: caEnv({ CONFIGAPI_CLIENT_SECRET: undefined, CONFIGAPI_CLIENT_SECRET_FILE: file, XDG_CONFIG_HOME: join(tempDir(), "c") }) });
    expect(c.code).toBe(0);
  });

  it("flags beat env: a wrong --client-id is refused", async () => {
    const r = await run(["configapi", "token", "--client-id", "someone.else"], { env: caEnv({ XDG_CONFIG_HOME: join(tempDir(), "c") }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--client-id");
  });

  it("missing client id / secret name their env vars; a wrong secret from stdin is never printed", async () => {
    const a = await run(["configapi", "token"], { env: caEnv({ CONFIGAPI_CLIENT_ID: undefined }) });
    expect(a).toMatchObject({ code: 1 });
    expect(a.stderr).toContain("CONFIGAPI_CLIENT_ID");
    const b = await run(["configapi", "token"], { env: caEnv({ CONFIGAPI_CLIENT_SECRET: undefined }) });
    expect(b.stderr).toContain("CONFIGAPI_CLIENT_SECRET");
    expect(b.stderr).toContain("--secret-stdin");
    const c = await run(["configapi", "token", "--secret-stdin", "--force"], { env: caEnv({ XDG_CONFIG_HOME: join(tempDir(), "c") }), input: `${CANARY}\n` });
    expect(c.code).toBe(1);
    expect(c.stdout + c.stderr).not.toContain(CANARY);
    const d = await run(["configapi", "token", "--secret-stdin"], { env: caEnv(), input: "" });
    expect(d.code).toBe(1);
    expect(d.stderr).toContain("--secret-stdin");
  });

  it("request with the bearer token", async () => {
    const r = await run(["configapi", "request", "GET", "/api/ping"], { env: caEnv() });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("HTTP 200");
  });
});
