import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type AccessToken, deserializeToken, serializeToken } from "../access-token.js";
import { type Logger, silentLogger } from "../clock.js";
import type { ReleaseLock, TokenStore } from "../token-store.js";
import { acquireFileLock, type FileLockOptions, withFileLock } from "./file-lock.js";
import { tokenFileError } from "./fs-errors.js";

/**
 * Tokens in one JSON file, for command-line tools: created with mode 0600 (owner only),
 * written atomically (temp file + rename, so a crash never leaves half a file), and tolerant
 * of a corrupt file, which is treated as empty and reported once through the logger.
 * Every read-merge-write holds a cross-process lock (a `<file>.lock` directory, see
 * {@link withFileLock}) and re-reads the file under it, so processes writing at once never
 * lose each other's entries; a lock left by a dead process is taken over after `staleMs`.
 * Reads take no lock: the rename makes every read see a whole file.
 */
export class FileTokenStore implements TokenStore {
  readonly path: string;
  readonly #logger: Logger;
  #warned = false;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #lock: FileLockOptions;

  /** `lock` tunes the cross-process lock (stale after 10 s, give up waiting after 20 s by default). */
  constructor(path: string, options: { logger?: Logger; lock?: Omit<FileLockOptions, "logger"> } = {}) {
    this.path = path;
    this.#logger = options.logger ?? silentLogger;
    this.#lock = { ...options.lock, logger: this.#logger };
  }

  async #read(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw tokenFileError(error, this.path, "read");
    }
    try {
      const data = JSON.parse(text) as unknown;
      if (data && typeof data === "object" && !Array.isArray(data)) return data as Record<string, unknown>;
    } catch {
      /* corrupt: reported below */
    }
    if (!this.#warned) {
      this.#warned = true;
      this.#logger.warn(`Token file ${this.path} is not valid JSON; treating it as empty (it will be rewritten).`);
    }
    return {};
  }

  async #write(data: Record<string, unknown>): Promise<void> {
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      await chmod(tmp, 0o600); // in case the umask widened it
      await rename(tmp, this.path);
    } catch (error) {
      await unlink(tmp).catch(() => {});
      throw error;
    }
  }

  #exclusive<T>(op: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(op, op);
    this.#queue = next.catch(() => {});
    return next;
  }

  /** The token under `key`; a missing or corrupt file reads as empty. Queued behind pending writes, so it never sees a token a pending delete removes. */
  get(key: string): Promise<AccessToken | undefined> {
    return this.#exclusive(async () => deserializeToken((await this.#read())[key]));
  }

  /** Every stored token by key (for `status` listings). */
  async entries(): Promise<[string, AccessToken][]> {
    const data = await this.#read();
    const out: [string, AccessToken][] = [];
    for (const [k, v] of Object.entries(data)) {
      const t = deserializeToken(v);
      if (t) out.push([k, t]);
    }
    return out;
  }

  /** Read, change and write the file under the cross-process lock (the directory is created first: the lock lives beside the file). */
  #update(change: (data: Record<string, unknown>) => boolean): Promise<void> {
    return this.#exclusive(async () => {
      try {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        await withFileLock(this.path, `${this.path}.lock`, async () => {
          const data = await this.#read();
          if (change(data)) await this.#write(data);
        }, this.#lock);
      } catch (error) {
        // Typed, with a hint per cause (a directory, no permission, read-only): fs-errors.ts.
        throw tokenFileError(error, this.path, "write");
      }
    });
  }

  /** Write `token` under `key` (the whole file is rewritten atomically, mode 0600, under the lock). */
  set(key: string, token: AccessToken): Promise<void> {
    return this.#update((data) => {
      // defineProperty, not assignment: a key named "__proto__" must stay data.
      Object.defineProperty(data, key, { value: serializeToken(token), enumerable: true, writable: true, configurable: true });
      return true;
    });
  }

  /**
   * Single flight across processes ({@link TokenStore.lock}): one lock per key beside the file
   * (`<file>.<first 16 hex of sha256(key)>.lock`), held while this process fetches a token;
   * the others wait, then re-read the store and find it. A live holder keeps its lock fresh;
   * one that died is taken over after `ttlMs`; a waiter gives up after `2 × ttlMs + 1 s`
   * (the cache then fetches on its own).
   */
  async lock(key: string, ttlMs: number): Promise<ReleaseLock> {
    // A file that cannot be read (a directory, no permission) fails here too, not only the
    // reads around the lock: the cache then reports the store broken once, not on and off.
    await this.#read();
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const id = createHash("sha256").update(key).digest("hex").slice(0, 16);
    return acquireFileLock(this.path, `${this.path}.${id}.lock`, { staleMs: ttlMs, waitMs: ttlMs * 2 + 1_000, logger: this.#logger });
  }

  /** Remove the token under `key`; with `accessToken`, only if it is still that one (invalidate by value). */
  delete(key: string, accessToken?: string): Promise<void> {
    return this.#update((data) => {
      if (!Object.hasOwn(data, key)) return false;
      const current = deserializeToken(data[key]);
      if (accessToken !== undefined && current && current.accessToken !== accessToken) return false;
      delete data[key];
      return true;
    });
  }
}
