/**
 * The token store of the slow path (loaded with @auth/core): the OS keyring through
 * `@napi-rs/keyring`, or the 0600 file through core's FileTokenStore, plus the index (see
 * store.ts, written by index-file.ts under a cross-process lock), with `refreshAt` from
 * core's refresh window.
 */
import { type AccessToken, defaultRefreshWindow, deserializeToken, serializeToken, type TokenStore } from "@auth/core";
import { FileTokenStore } from "@auth/core/node";
import { readIndexObject, rememberFiles, updateIndex } from "./index-file.js";
import { type Backend, type IndexEntry, keyringEntry, type StoreLocation } from "./store.js";
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
    return readIndexObject(this.location.indexPath);
  }

  #updateIndex(change: (index: Record<string, unknown>) => void): Promise<void> {
    return updateIndex(this.location.indexPath, change);
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

  /** Remember what settings files gave (no secrets); see index-file.ts. */
  rememberFiles(facts: Parameters<typeof rememberFiles>[1]): Promise<void> {
    return rememberFiles(this.location.indexPath, facts);
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
