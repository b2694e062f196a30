import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "auth-token-test-"));
}

/** A clean environment: nothing of the developer's config leaks in; HOME and XDG in a temp dir. */
export function cleanEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  // File storage unless a test asks for the keyring (the keyring test runs its own D-Bus session).
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), LANG: "C.UTF-8", AUTH_TOKEN_STORE: "file" };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Spawn the built binary as a user would (asynchronously: the emulators live in this process). */
export function run(args: string[], options: { env: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number }): Promise<Result> {
  const child = spawn(process.execPath, [BIN, ...args], { env: options.env, cwd: options.cwd ?? options.env.HOME, stdio: ["pipe", "pipe", "pipe"] });
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  return collect(child, options.timeoutMs ?? 15_000);
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<Result> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c) => (stdout += c));
  child.stderr?.on("data", (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`timed out; stdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Start the binary and wait until its stderr shows an http(s) URL (the authorization page). */
export function spawnInteractive(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd: env.HOME, stdio: ["pipe", "pipe", "pipe"] });
  let seen = "";
  const url = new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (c) => {
      seen += c;
      const m = /^\s+(https?:\/\/\S+)$/m.exec(seen);
      if (m) resolve(m[1]!);
    });
    child.on("close", () => reject(new Error(`exited before printing a URL: ${seen}`)));
  });
  url.catch(() => {});
  const done = collect(child, 20_000).then((r) => ({ ...r, stderr: seen + r.stderr }));
  return { child, url, done };
}

/** The browser: follow the authorize URL to the emulator and on to the loopback listener. */
export async function playBrowser(url: string, expectStatus = 200): Promise<void> {
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (!location) throw new Error(`no redirect from ${url}: ${res.status} ${await res.text()}`);
  const target = new URL(location);
  if (target.hash) {
    // What the listener's page script does: post location.hash back to the same origin.
    const page = await fetch(new URL(target.pathname, target), { redirect: "manual" });
    expect(await page.text()).toContain("location.hash");
    const done = await fetch(new URL(`${target.pathname}?__fragment=1`, target), { method: "POST", headers: { "content-type": "text/plain" }, body: target.hash.slice(1) });
    expect(done.status).toBe(expectStatus);
  } else {
    const done = await fetch(target);
    expect(done.status).toBe(expectStatus);
  }
}


/**
 * Seed a file store as the CLI writes it: tokens in `tokensPath`, metadata in the index beside
 * it (`tokens.index.json`), with `refreshAt` as core's default window computes it.
 */
export function seedStore(tokensPath: string, tokens: Record<string, { accessToken: string; tokenType: string; scopes: string[]; issuedAt?: number; expiresAt?: number }>): void {
  const index: Record<string, unknown> = {};
  for (const [key, t] of Object.entries(tokens)) {
    const [provider, baseUrl, account, profile] = key.split("|");
    const lifetime = t.expiresAt !== undefined && t.issuedAt !== undefined ? t.expiresAt - t.issuedAt : 0;
    const refreshAt = t.expiresAt === undefined ? null : t.expiresAt - Math.max(60_000, lifetime / 10);
    index[key] = { provider, baseUrl, account, profile, backend: "file", tokenType: t.tokenType, scopes: t.scopes, expiresAt: t.expiresAt, issuedAt: t.issuedAt, refreshAt };
  }
  writeFileSync(tokensPath, JSON.stringify(tokens), { mode: 0o600 });
  writeFileSync(tokensPath.replace(/\.json$/, ".index.json"), JSON.stringify(index), { mode: 0o600 });
}
