/**
 * The token store of the slow path (loaded with @auth/core): the OS keyring through
 * `@napi-rs/keyring`, or the 0600 file through core's FileTokenStore, plus the index (see
 * store.ts) updated under a cross-process lock (proper-lockfile), with `refreshAt` from
 * core's refresh window.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type AccessToken, defaultRefreshWindow, deserializeToken, serializeToken, type TokenStore } from "@auth/core";
import { FileTokenStore } from "@auth/core/node";
import lockfile from "proper-lockfile";
import { type Backend, FILES_KEY, type IndexEntry, keyringEntry, type StoreLocation } from "./store.js";
import { CliError, type Ui } from "./ui.js";

/** The index entry minus what comes from the token. */
export type EntryInfo = Pick<IndexEntry, "provider" | "baseUrl" | "account" | "profile">;

/** Does a keyring answer? A read of an absent entry must succeed (returning null). */
async function keyringAnswers(): Promise<string | undefined> {
  try {
    (await keyringEntry("auth-token-probe")).getPassword();
    return undefined;
  } catch (error) {
    return String((error as Error).message ?? error).split("\n")[0];
  }
}

export class CliTokenStore {
  readonly backend: Backend;
  readonly location: StoreLocation;
  readonly #file: FileTokenStore;

  private constructor(backend: Backend, location: StoreLocation, ui: Ui) {
    this.backend = backend;
    this.location = location;
    const warn = (m: string) => ui.warn(m);
    this.#file = new FileTokenStore(location.tokensPath, { logger: { warn, error: warn, info: () => {}, debug: () => {} } as never });
  }

  /** Choose the backend: as configured, or (auto) the keyring when one answers, else the file with one notice. */
  static async open(location: StoreLocation, ui: Ui): Promise<CliTokenStore> {
    if (location.mode === "file") return new CliTokenStore("file", location, ui);
    const problem = await keyringAnswers();
    if (!problem) return new CliTokenStore("keyring", location, ui);
    if (location.mode === "keyring") {
      throw new CliError(`AUTH_TOKEN_STORE=keyring, but no OS keyring answers (${problem}).`, {
        hint: "Start or unlock the keyring (on Linux a Secret Service such as gnome-keyring on a D-Bus session), or use AUTH_TOKEN_STORE=file.",
        code: "store",
      });
    }
    ui.notice(`no OS keyring answers (${problem}); tokens are kept in the 0600 file ${location.tokensPath}. Use --insecure-storage or AUTH_TOKEN_STORE=file to choose the file.`);
    return new CliTokenStore("file", location, ui);
  }

  #entry(key: string): IndexEntry | undefined {
    return this.#readIndex()[key] as IndexEntry | undefined;
  }

  #readIndex(): Record<string, unknown> {
    try {
      const data = JSON.parse(readFileSync(this.location.indexPath, "utf8")) as unknown;
      return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  /** Read-modify-write the index under a lock, written atomically with mode 0600. */
  async #updateIndex(change: (index: Record<string, unknown>) => void): Promise<void> {
    const path = this.location.indexPath;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const release = await lockfile.lock(dirname(path), { lockfilePath: `${path}.lock`, stale: 10_000, retries: { retries: 50, minTimeout: 20, maxTimeout: 200 }, realpath: false });
    try {
      const index = this.#readIndex();
      change(index);
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(index, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, path);
    } finally {
      await release();
    }
  }

  async get(key: string): Promise<AccessToken | undefined> {
    const backend = this.#entry(key)?.backend ?? this.backend;
    if (backend === "file") return this.#file.get(key);
    const text = (await keyringEntry(key)).getPassword();
    return text ? deserializeToken(JSON.parse(text)) : undefined;
  }

  async set(key: string, token: AccessToken, info: EntryInfo): Promise<void> {
    const previous = this.#entry(key)?.backend;
    if (this.backend === "file") await this.#file.set(key, token);
    else (await keyringEntry(key)).setPassword(JSON.stringify(serializeToken(token)));
    if (previous && previous !== this.backend) await this.#forget(key, previous);
    const lifetime = token.expiresAt !== undefined && token.issuedAt !== undefined ? token.expiresAt - token.issuedAt : undefined;
    const entry: IndexEntry = {
      ...info,
      backend: this.backend,
      tokenType: token.tokenType,
      scopes: [...token.scopes],
      ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt }),
      ...(token.issuedAt === undefined ? {} : { issuedAt: token.issuedAt }),
      refreshAt: token.expiresAt === undefined ? null : token.expiresAt - defaultRefreshWindow(lifetime),
    };
    await this.#updateIndex((index) => {
      index[key] = entry;
    });
  }

  /** Remember what settings files gave (no secrets), so the fast path can name the account without reading them. */
  async rememberFiles(facts: readonly { path: string; size: number; mtimeMs: number; values: Record<string, string> }[]): Promise<void> {
    if (!facts.length) return;
    await this.#updateIndex((index) => {
      const cache = (index[FILES_KEY] && typeof index[FILES_KEY] === "object" ? index[FILES_KEY] : {}) as Record<string, unknown>;
      for (const f of facts) cache[f.path] = { size: f.size, mtimeMs: f.mtimeMs, values: f.values };
      index[FILES_KEY] = cache;
    });
  }

  async #forget(key: string, backend: Backend): Promise<void> {
    if (backend === "file") await this.#file.delete(key);
    else {
      try {
        (await keyringEntry(key)).deletePassword();
      } catch {
        /* gone already, or no keyring: nothing to forget there */
      }
    }
  }

  /** Remove the token (only if it is `accessToken`, when given); true when one was stored. */
  async delete(key: string, accessToken?: string): Promise<boolean> {
    const current = await this.get(key);
    if (!current || (accessToken !== undefined && current.accessToken !== accessToken)) return false;
    await this.#forget(key, this.#entry(key)?.backend ?? this.backend);
    await this.#updateIndex((index) => {
      delete index[key];
    });
    return true;
  }

  /**
   * A TokenStore with one slot: whatever key a provider uses internally, its token lands under
   * the CLI's key (the one the fast path and `status` read).
   */
  slot(key: string, info: EntryInfo): TokenStore {
    return {
      get: () => this.get(key),
      set: (_k, token) => this.set(key, token, info),
      delete: async (_k, accessToken) => {
        await this.delete(key, accessToken);
      },
    };
  }
}
