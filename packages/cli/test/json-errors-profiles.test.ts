/**
 * `--json` errors (`{"error":{"code","message","hint"}}` on stderr, exit codes 0/1/2 kept,
 * secrets masked) and profiles (`--profile`, AUTH_TOKEN_PROFILE, config.json's defaultProfile
 * and per-profile settings) with the file store.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ConfigApiEmulator, type MetapackEmulator, startConfigApiEmulator, startMetapackEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, run, tempDir } from "./helpers.js";

let metapack: MetapackEmulator;
let configapi: ConfigApiEmulator;
beforeAll(async () => {
  [metapack, configapi] = await Promise.all([startMetapackEmulator(), startConfigApiEmulator()]);
});
afterAll(async () => {
  await Promise.all([metapack?.close(), configapi?.close()]);
});

const parseError = (stderr: string) => JSON.parse(stderr.trim().split("\n").at(-1)!) as { error: { code: string; message: string; hint: string | null } };

describe("--json errors", () => {
  it("usage errors: exit 2, code usage", async () => {
    const r = await run(["metapack", "fly", "--json"], { env: cleanEnv(tempDir()) });
    expect(r.code).toBe(2);
    expect(parseError(r.stderr)).toEqual({ error: { code: "usage", message: "Unknown command 'fly' for metapack.", hint: expect.stringContaining("auth-token metapack --help") } });
  });

  it("a missing setting: exit 1, code missing_setting, the hint names the variable", async () => {
    const r = await run(["configapi", "token", "--json"], { env: cleanEnv(tempDir(), { CONFIGAPI_BASE_URL: configapi.url }) });
    expect(r.code).toBe(1);
    const { error } = parseError(r.stderr);
    expect(error.code).toBe("missing_setting");
    expect(error.hint).toContain("CONFIGAPI_CLIENT_ID");
  });

  it("refused credentials: the provider's error code, and the secret never appears (JSON-escaped or not)", async () => {
    const secret = 'wrong"secret\\with\ttab';
    const r = await run(["configapi", "token", "--json"], {
      env: cleanEnv(tempDir(), { CONFIGAPI_BASE_URL: configapi.url, CONFIGAPI_CLIENT_ID: configapi.credentials.clientId, CONFIGAPI_CLIENT_SECRET: secret }),
    });
    expect(r.code).toBe(1);
    const { error } = parseError(r.stderr);
    expect(error.code).toBe("oauth_error");
    expect(error.hint).toContain("CONFIGAPI_CLIENT_SECRET");
    expect(r.stderr).not.toContain(secret);
    expect(r.stderr).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it("a library option in a hint is named as the CLI's flag and variable", async () => {
    const r = await run(["configapi", "token", "--json"], {
      env: cleanEnv(tempDir(), { CONFIGAPI_BASE_URL: configapi.url, CONFIGAPI_CLIENT_ID: configapi.credentials.clientId, CONFIGAPI_CLIENT_SECRET: configapi.credentials.clientSecret, CONFIGAPI_SCOPE: "not-the-tenant.example" }),
    });
    expect(r.code).toBe(1);
    const { error } = parseError(r.stderr);
    expect(error.hint).toContain("--scope (CONFIGAPI_SCOPE)");
    expect(error.hint).not.toContain('"scope" option');
  });
});

describe("profiles", () => {
  it("--profile and AUTH_TOKEN_PROFILE keep tokens apart; status shows each profile; a bad name is a usage error", async () => {
    const home = tempDir();
    const props = join(home, "apiKey.properties");
    writeFileSync(props, metapack.credentials.properties);
    const env = cleanEnv(home, { METAPACK_BASE_URL: metapack.url, METAPACK_PROPERTIES: props });
    const a = await run(["metapack", "token"], { env });
    const b = await run(["metapack", "token", "--profile", "work"], { env });
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stdout).not.toBe(b.stdout);
    const again = await run(["metapack", "token"], { env: { ...env, AUTH_TOKEN_PROFILE: "work" } });
    expect(again.stdout).toBe(b.stdout);
    const status = JSON.parse((await run(["status", "--json"], { env })).stdout);
    expect(status.tokens.map((t: { profile: string }) => t.profile).sort()).toEqual(["default", "work"]);
    const text = (await run(["status"], { env })).stdout;
    expect(text).toContain("profile work");
    const bad = await run(["metapack", "token", "--profile", "a|b"], { env });
    expect(bad.code).toBe(2);
  });

  it("config.json: defaultProfile and a profile's settings; a secret there is refused", async () => {
    const home = tempDir();
    const props = join(home, "apiKey.properties");
    writeFileSync(props, metapack.credentials.properties);
    mkdirSync(join(home, ".config", "auth-token"), { recursive: true });
    const config = (extra: object) =>
      writeFileSync(join(home, ".config", "auth-token", "config.json"), JSON.stringify({ defaultProfile: "acme", profiles: { acme: { metapack: { baseUrl: metapack.url, properties: props, ...extra } } } }));
    config({});
    const env = cleanEnv(home);
    const r = await run(["metapack", "login", "--json"], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: "acme", baseUrl: metapack.url, account: metapack.credentials.apiKeyId });
    config({ apiKeySecret: "nope" });
    const refused = await run(["metapack", "token", "--force"], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("secrets are not read from config.json");
    expect(refused.stderr).not.toContain("nope");
  });
});
