import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMetapackEmulator } from "@auth/testing";
import { describe, expect, it } from "vitest";
import { BIN, cleanEnv, run, seedStore, tempDir } from "./helpers.js";

/** What a fast command must not load: ky, undici, any @auth module but the providers' descriptor entries. */
const heavy = (urls: string[]) => urls.filter((u) => !/\/dist\/descriptor\.js$/.test(u)).filter((u) => /\/ky\/|undici|@auth\/|\/(core|metapack|configapi|bynder|imagen|testing)\/dist\//.test(u));

describe("demo", () => {
  it("runs the four providers end to end and exits 0", async () => {
    const r = await run(["demo"], { env: cleanEnv(tempDir()), timeoutMs: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const p of ["metapack", "configapi", "bynder", "imagen"]) expect(r.stdout).toMatch(new RegExp(`✓ ${p}\\s+\\S`));
    expect(r.stdout).toContain("browser (played by fetch, following redirects)");
    expect(r.stdout).toContain("[redacted]");
    expect(r.stdout).toContain("All 4 providers completed.");
    expect(r.stdout).toMatch(/expiry: \d{4}-\d\d-\d\dT/);
    expect(r.stdout).not.toMatch(/tok_[A-Za-z0-9]{8,}/); // emulator tokens never printed
    expect(r.stdout).toContain("code_verifier=[redacted]"); // the PKCE secret too
    expect(r.stdout).not.toMatch(/→ GET \S+\/oauth\/authorize/); // the browser's request is shown once, as a browser line
    // Issue 14: this process's telemetry counts, one line per provider.
    expect(r.stdout).toContain("Telemetry of this process (telemetrySnapshot() of @auth/core/telemetry)");
    expect(r.stdout).toMatch(/^ {2}metapack +token requests: 1 fetched, 0 failed; cache: 1 hit, 1 miss \(grant client_credentials\)$/m);
    expect(r.stdout).toMatch(/^ {2}configapi +token requests: 1 fetched, 0 failed; /m);
    for (const p of ["bynder", "imagen"]) expect(r.stdout).toMatch(new RegExp(`^ {2}${p} +(token requests|no counts)`, "m"));
  });

  it("a provider that does not complete: its ✗ line, the others still run, exit 1", async () => {
    const breaker = fileURLToPath(new URL("./fixtures/break-imagen-authorize.mjs", import.meta.url));
    const r = await run(["demo", "metapack", "imagen"], { env: cleanEnv(tempDir(), { NODE_OPTIONS: `--import=${breaker}` }), timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✓ metapack\s+\S/);
    expect(r.stdout).toMatch(/✗ imagen\s+failed: .*authorize blocked/);
    expect(r.stdout).toContain("1 of 2 providers did not complete.");
  });

  it("one provider; an unknown one is a usage error", async () => {
    const r = await run(["demo", "bynder"], { env: cleanEnv(tempDir()), timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("All 1 providers completed.");
    expect((await run(["demo", "nope"], { env: cleanEnv(tempDir()) })).code).toBe(2);
  });
});

describe("demo --serve", () => {
  it("keeps the emulators running and prints export lines from the descriptors' variables; auth-token works against them; SIGTERM stops", async () => {
    const home = tempDir();
    const child = spawn(process.execPath, [BIN, "demo", "--serve", "metapack", "bynder"], { env: cleanEnv(home), cwd: home, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      for (let i = 0; i < 150 && !stdout.includes("# ready"); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stdout).toContain("# ready");
      const env: Record<string, string> = {};
      for (const line of stdout.split("\n")) {
        if (!line.startsWith("export ")) continue;
        const eq = line.indexOf("=");
        env[line.slice(7, eq)] = line.slice(eq + 2, -1); // values are single-quoted, none contains a quote
      }
      expect(Object.keys(env)).toEqual(["METAPACK_BASE_URL", "METAPACK_PROPERTIES", "BYNDER_BASE_URL", "BYNDER_CONSUMER_KEY", "BYNDER_CONSUMER_SECRET", "BYNDER_TOKEN_KEY", "BYNDER_TOKEN_SECRET"]);
      expect(readFileSync(env.METAPACK_PROPERTIES!, "utf8")).toContain("apiKey.id");
      const token = await run(["metapack", "token"], { env: cleanEnv(home, env) });
      expect(token.code).toBe(0);
      const media = await run(["bynder", "request", "GET", "/api/v4/media/"], { env: cleanEnv(home, env) });
      expect(media.code).toBe(0);
      expect(stderr).toContain("metapack emulator at http://127.0.0.1:");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain("Emulators stopped.");
  }, 30_000);

  it("a provider that is not loaded is a usage error naming the emulators", async () => {
    const r = await run(["demo", "--serve", "nope"], { env: cleanEnv(tempDir()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown provider 'nope'");
    expect(r.stderr).toContain("Emulators: metapack, configapi, bynder, imagen.");
  });
});

describe("loads only what the command needs", () => {
  const tracer = fileURLToPath(new URL("./fixtures/trace-imports.mjs", import.meta.url));
  async function traced(args: string[], extra: Record<string, string>): Promise<string[]> {
    const dir = tempDir();
    const out = join(dir, "trace.txt");
    const r = await run(args, { env: cleanEnv(dir, { ...extra, TRACE_IMPORTS_OUT: out, NODE_OPTIONS: `--import=${tracer}` }) });
    expect(r.code).toBe(0);
    return readFileSync(out, "utf8").split("\n");
  }

  it("the tracer sees Node's undici once fetch is used (so the checks below can fail)", async () => {
    const dir = tempDir();
    const out = join(dir, "trace.txt");
    const store = join(dir, "tokens.json");
    const now = Date.now();
    seedStore(store, { "imagen|http://127.0.0.1:9|k|default": { accessToken: "t", tokenType: "Bearer", scopes: [], issuedAt: now, expiresAt: now + 3_600_000 } });
    const r = await run(["imagen", "request", "GET", "/"], {
      env: cleanEnv(dir, { IMAGEN_BASE_URL: "http://127.0.0.1:9", IMAGEN_API_KEY: "k", AUTH_TOKEN_STORE: store, TRACE_IMPORTS_OUT: out, NODE_OPTIONS: `--import=${tracer}` }),
    });
    expect(r.stderr).toMatch(/^error: GET http:\/\/127\.0\.0\.1:9\/ failed: bad port$/m); // the cause, not just "fetch failed"
    expect(readFileSync(out, "utf8")).toMatch(/imagen\/dist\/[\s\S]*internal\/deps\/undici/);
  });

  it("--help, --version and completion load the providers' descriptors only: no provider code, no ky, no undici", async () => {
    for (const args of [["--help"], ["--version"], ["bynder", "request", "--help"], ["help", "imagen", "login"], ["imagen", "--help"], ["completion", "bash"]]) {
      const urls = await traced(args, {});
      expect(urls.filter((u) => u.endsWith("/dist/descriptor.js")).length).toBeGreaterThanOrEqual(4);
      expect(heavy(urls)).toEqual([]);
    }
  });

  it("metapack token with only METAPACK_PROPERTIES: after one run, the index names the account (file unchanged), so no provider code loads; a changed file is read again", async () => {
    const emulator = await startMetapackEmulator();
    try {
      const dir = tempDir();
      const props = join(dir, "apiKey.properties");
      writeFileSync(props, emulator.credentials.properties);
      const env = { METAPACK_BASE_URL: emulator.url, METAPACK_PROPERTIES: props };
      const first = await run(["metapack", "token"], { env: cleanEnv(dir, env) });
      expect(first.code).toBe(0);
      expect(heavy(await traced(["metapack", "token"], { ...env, HOME: dir, XDG_CONFIG_HOME: join(dir, ".config") }))).toEqual([]);
      writeFileSync(props, `${emulator.credentials.properties}# edited\n`);
      const urls = await traced(["metapack", "token"], { ...env, HOME: dir, XDG_CONFIG_HOME: join(dir, ".config") });
      expect(urls.some((u) => /metapack\/dist\/(node|chunk)/.test(u))).toBe(true);
    } finally {
      await emulator.close();
    }
  });

  it("token with a fresh stored token reads the file directly: no provider, no ky", async () => {
    const dir = tempDir();
    const store = join(dir, "tokens.json");
    const now = Date.now();
    seedStore(store, { "configapi|https://c.example|u@c.example|default": { accessToken: "stored-token", tokenType: "Bearer", scopes: [], issuedAt: now, expiresAt: now + 3_600_000 } });
    const env = { CONFIGAPI_BASE_URL: "https://c.example", CONFIGAPI_CLIENT_ID: "u", CONFIGAPI_CLIENT_SECRET: "s", AUTH_TOKEN_STORE: store };
    const urls = await traced(["configapi", "token"], env);
    expect(heavy(urls)).toEqual([]);
    seedStore(store, { "imagen|https://i.example|KEY|default": { accessToken: "stored-imagen", tokenType: "Bearer", scopes: ["readUsersData"], issuedAt: now, expiresAt: now + 3_600_000 } });
    const imagenUrls = await traced(["imagen", "token"], { IMAGEN_BASE_URL: "https://i.example", IMAGEN_API_KEY: "KEY", AUTH_TOKEN_STORE: store });
    expect(heavy(imagenUrls)).toEqual([]);
  });
});
