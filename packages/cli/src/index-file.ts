/**
 * Writing the index (store.ts describes it): read-modify-write under a cross-process lock
 * (proper-lockfile), written atomically with mode 0600. No @auth/core here, so the fast path
 * can record what a settings file gave without loading a provider.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";
import { FILES_KEY } from "./store.js";

export function readIndexObject(path: string): Record<string, unknown> {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function updateIndex(path: string, change: (index: Record<string, unknown>) => void): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const release = await lockfile.lock(dirname(path), { lockfilePath: `${path}.lock`, stale: 10_000, retries: { retries: 50, minTimeout: 20, maxTimeout: 200 }, realpath: false });
  try {
    const index = readIndexObject(path);
    change(index);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(index, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } finally {
    await release();
  }
}

/** Remember what settings files gave (no secrets), so the fast path can name the account without reading them. */
export async function rememberFiles(path: string, facts: readonly { path: string; size: number; mtimeMs: number; values: Record<string, string> }[]): Promise<void> {
  if (!facts.length) return;
  await updateIndex(path, (index) => {
    const cache = (index[FILES_KEY] && typeof index[FILES_KEY] === "object" ? index[FILES_KEY] : {}) as Record<string, unknown>;
    for (const f of facts) cache[f.path] = { size: f.size, mtimeMs: f.mtimeMs, values: f.values };
    index[FILES_KEY] = cache;
  });
}
