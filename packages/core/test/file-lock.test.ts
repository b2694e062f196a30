// Two locks beside one file in one process (FileTokenStore's write lock and a per-key lock):
// proper-lockfile keeps one entry per `file` argument, so keyed by the guarded file they
// overwrote each other — the first release orphaned the other lock's directory, and the
// other's mtime refresh then threw an uncaught TypeError (proper-lockfile issue #113).
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { acquireFileLock } from "../src/node/file-lock.js";

describe("acquireFileLock: two locks beside one file", () => {
  test("releasing one leaves the other held, refreshed and then released", async () => {
    const dir = mkdtempSync(join(tmpdir(), "file-lock-"));
    const file = join(dir, "tokens.json");
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      // staleMs 2 000: the held lock's mtime is refreshed every second.
      const releaseKey = await acquireFileLock(file, `${file}.key.lock`, { staleMs: 2_000 });
      const releaseWrite = await acquireFileLock(file, `${file}.lock`, { staleMs: 2_000 });
      await releaseWrite();
      expect(existsSync(`${file}.lock`)).toBe(false);
      // Past one refresh of the key lock: it must still be ours and still be there.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(existsSync(`${file}.key.lock`)).toBe(true);
      await releaseKey();
      expect(existsSync(`${file}.key.lock`)).toBe(false);
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});
