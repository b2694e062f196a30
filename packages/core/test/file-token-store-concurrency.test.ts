// Item 7 of issue 10: processes that write one token file at once must not lose each other's
// entries. Real child processes (the built package, as the CLI runs it), started together.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createAccessToken, createTokenCache } from "../src/index.js";
import { FILE_LOCK_DEFAULTS, withFileLock } from "../src/node/file-lock.js";
import { FileTokenStore } from "../src/node.js";

const here = dirname(fileURLToPath(import.meta.url));
const built = existsSync(join(here, "..", "dist", "node.js"));
if (!built) console.warn("file-token-store-concurrency.test.ts: multi-process tests SKIPPED — packages/core/dist is not built; run `pnpm build` (turbo's test task builds first).");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "auth-core-lock-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function writers(path: string, processes: number, keys: number): Promise<number[]> {
  const children = Array.from({ length: processes }, (_, p) =>
    spawn(process.execPath, [join(here, "fixtures", "store-writer.mjs"), path, `p${p}`, String(keys)], { stdio: ["pipe", "pipe", "inherit"] }),
  );
  const ready = children.map((c) => new Promise<void>((resolve) => c.stdout!.once("data", () => resolve())));
  const exits = children.map((c) => new Promise<number>((resolve) => c.once("exit", (code) => resolve(code ?? -1))));
  return Promise.all(ready).then(() => {
    for (const c of children) c.stdin!.write("go\n");
    return Promise.all(exits);
  });
}

describe.skipIf(!built)("FileTokenStore across processes", () => {
  test("8 processes × 50 keys written at once into one missing file: all 400 present", async () => {
    const path = join(dir, "sub", "tokens.json");
    expect(await writers(path, 8, 50)).toEqual(Array(8).fill(0));
    const data = JSON.parse(await readFile(path, "utf8")) as Record<string, { accessToken: string }>;
    const missing: string[] = [];
    for (let p = 0; p < 8; p++) for (let i = 0; i < 50; i++) if (data[`p${p}-${i}`]?.accessToken !== `tok-p${p}-${i}`) missing.push(`p${p}-${i}`);
    expect(missing).toEqual([]);
    expect(Object.keys(data)).toHaveLength(400);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(existsSync(`${path}.lock`)).toBe(false); // released
  }, 60_000);

  test("dist/node.js imports proper-lockfile as an external dependency; dist/index.js does not", () => {
    const node = readFileSync(join(here, "..", "dist", "node.js"), "utf8");
    expect(node).toMatch(/from ["']proper-lockfile["']/);
    expect(node).not.toMatch(/retry|graceful-fs/); // not bundled in
    expect(readFileSync(join(here, "..", "dist", "index.js"), "utf8")).not.toContain("proper-lockfile");
  });
});

describe("the file lock", () => {
  test("a lock left by a dead process is taken over once stale", async () => {
    const path = join(dir, "tokens.json");
    // What a killed holder leaves: the lock directory, no longer refreshed.
    await mkdir(`${path}.lock`);
    const old = new Date(Date.now() - 30_000);
    await utimes(`${path}.lock`, old, old);
    const store = new FileTokenStore(path);
    await store.set("k", createAccessToken({ accessToken: "t", tokenType: "Bearer", scopes: [], issuedAt: 0 }));
    expect((await store.get("k"))?.accessToken).toBe("t");
  });

  test("a live holder is waited for, and the waiter re-reads what it wrote", async () => {
    const path = join(dir, "tokens.json");
    const a = new FileTokenStore(path);
    const b = new FileTokenStore(path); // another instance: only the file lock is shared
    let release!: () => void;
    const held = withFileLock(path, `${path}.lock`, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const write = b.set("b", createAccessToken({ accessToken: "tb", tokenType: "Bearer", scopes: [], issuedAt: 0 }));
    let done = false;
    void write.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false); // waiting on the lock
    const other = a.set("a", createAccessToken({ accessToken: "ta", tokenType: "Bearer", scopes: [], issuedAt: 0 }));
    release();
    await held;
    await Promise.all([write, other]);
    const data = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(["a", "b"]);
  });

  test("waiting is bounded: a held lock is an AuthError after waitMs, naming the lock path", async () => {
    const path = join(dir, "tokens.json");
    let release!: () => void;
    const held = withFileLock(path, `${path}.lock`, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const store = new FileTokenStore(path, { lock: { waitMs: 300 } });
    const error = await store.set("k", createAccessToken({ accessToken: "t", tokenType: "Bearer", scopes: [], issuedAt: 0 })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ name: "AuthError", code: "store" });
    expect((error as Error & { hint: string }).hint).toContain(`${path}.lock`);
    release();
    await held;
  });

  test("defaults: stale after 10 s, give up after 20 s", () => {
    expect(FILE_LOCK_DEFAULTS).toMatchObject({ staleMs: 10_000, waitMs: 20_000 });
  });
});

describe("FileTokenStore.lock: single flight across processes", () => {
  test("two stores on one file (two processes), one cache each, cold at once: one token request; the other reads the file", async () => {
    const path = join(dir, "tokens.json");
    let fetches = 0;
    const fetchToken = async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 150)); // a slow token endpoint
      return createAccessToken({ accessToken: `tok-${fetches}`, tokenType: "Bearer", scopes: [], issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 });
    };
    const caches = [new FileTokenStore(path), new FileTokenStore(path)].map((store) => createTokenCache({ fetchToken, store, key: "k" }));
    const tokens = await Promise.all(caches.map((c) => c.getToken()));
    expect(fetches).toBe(1);
    expect(tokens.map((t) => t.accessToken)).toEqual(["tok-1", "tok-1"]);
    expect((await readdir(dir)).filter((f) => f.endsWith(".lock"))).toEqual([]); // released
  });

  test("a per-key lock left by a dead process is taken over after ttlMs", async () => {
    const path = join(dir, "tokens.json");
    const store = new FileTokenStore(path);
    const release = await store.lock("k", 2_000);
    // Simulate death: stop refreshing by faking an old mtime, and never release.
    const lockDir = (await readdir(dir)).find((f) => f.endsWith(".lock"))!;
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, lockDir), old, old);
    const started = Date.now();
    const again = await new FileTokenStore(path).lock("k", 2_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    await again();
    await release(); // the dead holder's release is harmless
  });
});
