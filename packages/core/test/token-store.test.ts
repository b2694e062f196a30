import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { type AccessToken, createAccessToken, createTokenCache, MemoryTokenStore, type TokenStore } from "../src/index.js";
import { FileTokenStore } from "../src/node.js";

const token = (accessToken: string, extra: Partial<AccessToken> = {}) =>
  createAccessToken({ accessToken, tokenType: "Bearer", scopes: ["read"], issuedAt: 1000, expiresAt: 3_601_000, ...extra });

function contract(name: string, make: () => Promise<TokenStore>) {
  describe(`${name} (TokenStore contract)`, () => {
    test("get / set / delete per key", async () => {
      const store = await make();
      expect(await store.get("a")).toBeUndefined();
      await store.set("a", token("t-a"));
      await store.set("b", token("t-b"));
      expect((await store.get("a"))?.accessToken).toBe("t-a");
      expect((await store.get("b"))?.accessToken).toBe("t-b");
      await store.delete("a");
      expect(await store.get("a")).toBeUndefined();
      expect((await store.get("b"))?.accessToken).toBe("t-b");
      await store.delete("missing");
    });

    test("delete by value only removes that token", async () => {
      const store = await make();
      await store.set("k", token("new"));
      await store.delete("k", "old");
      expect((await store.get("k"))?.accessToken).toBe("new");
      await store.delete("k", "new");
      expect(await store.get("k")).toBeUndefined();
    });

    test("keeps every field a token has", async () => {
      const store = await make();
      await store.set("k", token("t", { refreshToken: "r", tokenSecret: "s", scopes: ["a", "b"] }));
      expect(await store.get("k")).toMatchObject({ accessToken: "t", tokenType: "Bearer", scopes: ["a", "b"], issuedAt: 1000, expiresAt: 3_601_000, refreshToken: "r", tokenSecret: "s" });
    });
  });
}

contract("MemoryTokenStore", async () => new MemoryTokenStore());

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "auth-core-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

contract("FileTokenStore", async () => new FileTokenStore(join(dir, "tokens.json")));

describe("FileTokenStore", () => {
  test("creates the file (and missing folders) owner-only: file 0600, folder 0700", async () => {
    const path = join(dir, "nested", "deeper", "tokens.json");
    const store = new FileTokenStore(path);
    const old = process.umask(0o000); // even with a permissive umask
    try {
      await store.set("k", token("t"));
    } finally {
      process.umask(old);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "nested", "deeper"))).mode & 0o777).toBe(0o700);
  });

  test("rewrites a pre-existing world-readable file as 0600", async () => {
    const path = join(dir, "tokens.json");
    await writeFile(path, "{}");
    await chmod(path, 0o644);
    await new FileTokenStore(path).set("k", token("t"));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  test("atomic writes: concurrent sets leave valid JSON with every key and no temp files", async () => {
    const path = join(dir, "tokens.json");
    const store = new FileTokenStore(path);
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.set(`k${i}`, token(`t${i}`))));
    const data = JSON.parse(await readFile(path, "utf8"));
    expect(Object.keys(data).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `k${i}`).sort());
    expect(await readdir(dir)).toEqual(["tokens.json"]);
  });

  test("a write goes to a temp file renamed over the target (the target is never truncated in place)", async () => {
    const path = join(dir, "tokens.json");
    const store = new FileTokenStore(path);
    await store.set("k", token("t1"));
    const before = (await stat(path)).ino;
    await store.set("k", token("t2"));
    expect((await stat(path)).ino).not.toBe(before);
  });

  test("a corrupt file reads as empty, warns once, and is rewritten on the next set", async () => {
    const path = join(dir, "tokens.json");
    await writeFile(path, '{"k": {"accessToken": "x", ');
    const warn = vi.fn();
    const store = new FileTokenStore(path, { logger: { warn } });
    expect(await store.get("k")).toBeUndefined();
    expect(await store.get("k")).toBeUndefined();
    expect(await store.entries()).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/not valid JSON; treating it as empty/);
    await store.set("k", token("t"));
    expect(JSON.parse(await readFile(path, "utf8")).k.accessToken).toBe("t");
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test("a JSON file that is not an object counts as corrupt; entries that are not tokens are skipped", async () => {
    const path = join(dir, "tokens.json");
    await writeFile(path, "[1,2]");
    const warn = vi.fn();
    expect(await new FileTokenStore(path, { logger: { warn } }).get("k")).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    await writeFile(path, JSON.stringify({ good: { accessToken: "t", tokenType: "Bearer", scopes: [] }, bad: { accessToken: 1 } }));
    const store = new FileTokenStore(path);
    expect((await store.entries()).map(([k]) => k)).toEqual(["good"]);
    expect(await store.get("bad")).toBeUndefined();
  });

  test("read failures other than a missing file are errors (the cache degrades around them)", async () => {
    const store = new FileTokenStore(dir); // a directory: EISDIR
    await expect(store.get("k")).rejects.toThrow();
    const warn = vi.fn();
    let n = 0;
    const cache = createTokenCache({ fetchToken: async () => token(`t${++n}`), store, key: "default", logger: { warn } });
    expect((await cache.getToken()).accessToken).toBe("t1");
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test("two stores on one file (two CLI runs) share tokens, and invalidate by value", async () => {
    const path = join(dir, "tokens.json");
    const a = new FileTokenStore(path);
    const b = new FileTokenStore(path);
    await a.set("k", token("t1"));
    expect((await b.get("k"))?.accessToken).toBe("t1");
    await b.set("k", token("t2"));
    await a.delete("k", "t1"); // a's late 401 for t1
    expect((await a.get("k"))?.accessToken).toBe("t2");
  });

  test("the file holds tokens only, as plain JSON (serializeToken, not the redacted view)", async () => {
    const path = join(dir, "tokens.json");
    await new FileTokenStore(path).set("k", token("real-value"));
    const text = await readFile(path, "utf8");
    expect(text).toContain("real-value");
    expect(text).not.toContain("[redacted]");
  });
});
