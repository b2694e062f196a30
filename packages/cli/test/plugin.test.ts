/**
 * Providers as plugins, proven from tarballs: the CLI, core and the built-in providers packed
 * as they would be published, the in-house example provider (examples/auth-provider-example)
 * packed too, all npm-installed into an empty folder; then `auth-token example ...` against
 * the generic OAuth 2 emulator of @auth/testing, with no change to the CLI.
 */
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, collect, tempDir } from "./helpers.js";

const execFileP = promisify(execFile);
const root = resolve(import.meta.dirname, "../../..");
const PACKAGES = ["core", "metapack", "configapi", "bynder", "imagen", "testing", "cli"];
const PLUGIN = "@acme/auth-provider-example";

let app: string;
let tmp: string;
let emulator: OAuth2Emulator;
const revocations: { body: string; authorization: string | undefined }[] = [];
let revocationServer: Server;
let revocationUrl: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "auth-token-plugin-"));
  const tarballs = join(tmp, "tarballs");
  for (const name of PACKAGES) await execFileP("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(root, "packages", name) });
  await execFileP("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(root, "examples", "auth-provider-example") });
  app = join(tmp, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  expect(files).toHaveLength(PACKAGES.length + 1);
  await execFileP("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files], { cwd: app });
  emulator = await startOAuth2Emulator();
  // A minimal RFC 7009 endpoint: records what it gets, answers 200.
  revocationServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      revocations.push({ body, authorization: req.headers.authorization });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => revocationServer.listen(0, "127.0.0.1", r));
  revocationUrl = `http://127.0.0.1:${(revocationServer.address() as AddressInfo).port}/revoke`;
}, 300_000);

afterAll(async () => {
  await emulator?.close();
  revocationServer?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Run the installed binary (node_modules/@auth/cli/dist/bin.js) from the app folder. */
function cli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(app, "node_modules", "@auth", "cli", "dist", "bin.js"), ...args], { cwd: app, env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.end();
  return collect(child, 20_000);
}

describe("an in-house provider installed from its tarball beside the packed CLI", () => {
  const settings = () => ({ EXAMPLE_BASE_URL: emulator.url, EXAMPLE_CLIENT_ID: emulator.credentials.clientId, EXAMPLE_CLIENT_SECRET: emulator.credentials.clientSecret });

  it("AUTH_TOKEN_PROVIDERS: token (fetched once, then from the store), request, login, status, logout --revoke", async () => {
    const env = cleanEnv(tempDir(), { AUTH_TOKEN_PROVIDERS: PLUGIN, ...settings(), EXAMPLE_REVOCATION_URL: revocationUrl });
    const before = emulator.requests.count("/oauth/token");
    const t1 = await cli(["example", "token"], env);
    expect(t1.stderr).toBe("");
    expect(t1.code).toBe(0);
    const token = t1.stdout.trim();
    expect(token.length).toBeGreaterThan(10);
    const t2 = await cli(["example", "token"], env);
    expect(t2.stdout.trim()).toBe(token);
    expect(emulator.requests.count("/oauth/token")).toBe(before + 1);
    const req = await cli(["example", "request", "GET", "/api/ping"], env);
    expect(req.code).toBe(0);
    expect(req.stderr).toContain("HTTP 200");
    const login = await cli(["example", "login"], env);
    expect(login.code).toBe(0);
    expect(login.stderr).toContain(`logged in as ${emulator.credentials.clientId}`);
    const status = JSON.parse((await cli(["status", "--json"], env)).stdout);
    expect(status.tokens).toMatchObject([{ provider: "example", baseUrl: emulator.url, account: emulator.credentials.clientId, profile: "default" }]);
    const stored = (await cli(["example", "token"], env)).stdout.trim();
    const out = await cli(["example", "logout", "--revoke"], env);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain("Revoked");
    expect(revocations.at(-1)?.body).toBe(`token=${encodeURIComponent(stored)}&token_type_hint=access_token`);
    expect(revocations.at(-1)?.authorization).toMatch(/^Basic /);
    expect(JSON.parse((await cli(["status", "--json"], env)).stdout).tokens).toEqual([]);
    for (const r of [t1, t2, req, login, out]) expect(r.stderr).not.toContain(emulator.credentials.clientSecret);
  });

  it("demo: a plugin no emulator plays is listed as skipped with the reason; the others run; --serve of it is a usage error", async () => {
    const env = cleanEnv(tempDir(), { AUTH_TOKEN_PROVIDERS: PLUGIN });
    const r = await cli(["demo", "example", "configapi"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/– example +no emulator, skipped: no emulator in @auth\/testing plays 'example' \(@acme\/auth-provider-example\)/);
    expect(r.stdout).toMatch(/✓ configapi\s+\S/);
    expect(r.stdout).toContain("All 1 providers completed. 1 skipped (no emulator).");
    const serve = await cli(["demo", "--serve", "example"], env);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain("No emulator for 'example'");
  });

  it("the providers list of config.json; --help, the provider's help and completion name it", async () => {
    const home = tempDir();
    mkdirSync(join(home, ".config", "auth-token"), { recursive: true });
    writeFileSync(join(home, ".config", "auth-token", "config.json"), JSON.stringify({ providers: [PLUGIN] }));
    const env = cleanEnv(home, settings());
    const help = await cli(["--help"], env);
    expect(help.stdout).toMatch(/^ {2}example +OAuth 2 client credentials/m);
    const own = await cli(["example", "--help"], env);
    expect(own.stdout).toContain("EXAMPLE_CLIENT_SECRET or EXAMPLE_CLIENT_SECRET_FILE");
    expect(own.stdout).toContain(`(provider package ${PLUGIN})`);
    const completion = await cli(["completion", "bash"], env);
    expect(completion.stdout).toContain('example) flags="--base-url --client-id --client-secret --scope --revocation-url"');
    const token = await cli(["example", "token"], env);
    expect(token.code).toBe(0);
    // Without the plugin configured, the name is unknown (the CLI itself names no such provider).
    const bare = await cli(["example", "token"], cleanEnv(tempDir(), settings()));
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("Unknown command or provider 'example'");
  });

  it("logout without a revocation endpoint says the token was forgotten locally only; --revoke is refused", async () => {
    const env = cleanEnv(tempDir(), { AUTH_TOKEN_PROVIDERS: PLUGIN, ...settings() });
    expect((await cli(["example", "token"], env)).code).toBe(0);
    const refused = await cli(["example", "logout", "--revoke", "--json"], env);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error.code).toBe("revocation_unsupported");
    const out = await cli(["example", "logout"], env);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain("forgot it locally only");
    expect(out.stderr).toContain("offers no revocation");
  });

  it("a plugin that cannot be loaded is one warning; the built-in providers keep working", async () => {
    const r = await cli(["--help"], cleanEnv(tempDir(), { AUTH_TOKEN_PROVIDERS: "@acme/not-installed" }));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: provider package @acme\/not-installed \(named in AUTH_TOKEN_PROVIDERS or config.json\) cannot be loaded/);
    expect(r.stdout).toContain("metapack");
  });
});
