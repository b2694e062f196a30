/**
 * What a provider tells a generic tool (the `auth-token` CLI) about itself, without loading its
 * runtime code: its settings, how its account is named, the files it reads, and two lazy
 * functions that import the provider's own loader and factory when a command needs them.
 * Types only: a descriptor module imports nothing at run time but what its `load` / `create`
 * import on demand, so listing every provider (help, completion) stays fast.
 *
 * Every provider package exports one from `<package>/descriptor` (`export const descriptor`).
 */
import type { AccessToken } from "./access-token.js";
import type { FetchLike } from "./auth-fetch.js";
import type { Logger } from "./clock.js";
import type { TokenStore } from "./token-store.js";

/** One setting: a flag, an environment variable, and where it shows in help. */
export interface ProviderSetting {
  /** Key in {@link ProviderSettings}, e.g. `baseUrl`. */
  readonly name: string;
  /** Long flag without dashes, e.g. `base-url`. */
  readonly flag: string;
  /** Environment variable, e.g. `EXAMPLE_BASE_URL`. Secrets also accept `<ENV>_FILE`. */
  readonly env: string;
  /** A secret: masked in every message; given as a flag it works but warns. */
  readonly secret?: boolean;
  /** The secret `--secret-stdin` reads (at most one per provider). */
  readonly primarySecret?: boolean;
  /** One line for help. */
  readonly description: string;
  /** Needed before anything can run; a missing one is an error naming the flag and variable. */
  readonly required?: boolean;
  /** Used when nothing else gives a value. */
  readonly default?: string;
  /** The provider library's option this setting feeds, so a tool can rewrite hints that name it. */
  readonly option?: string;
}

/** Resolved setting values by {@link ProviderSetting.name}. */
export type ProviderSettings = Readonly<Record<string, string | undefined>>;

/** A file read as the last source of settings, through the provider's own parser. */
export interface ProviderFile {
  /** The setting that holds the file's path. */
  readonly setting: string;
  /** Read when the setting is unset and this file exists (relative to the working directory). */
  readonly defaultPath?: string;
  /** One line for help. */
  readonly description: string;
  /** The settings this file can give (named in messages about a missing one). */
  readonly gives?: readonly string[];
  /** Parse the file (importing the provider's loader lazily): the settings it gives. */
  load(path: string): Promise<ProviderSettings>;
}

/** Options of an interactive login. */
export interface ProviderLoginOptions {
  /** false: print the URL instead of opening a browser. */
  readonly openBrowser: boolean;
  /** Loopback listener port; default any free port. */
  readonly port?: number;
  /** How long to wait for the user, ms. */
  readonly timeoutMs: number;
}

/** What the tool gives a provider session: its store slot and its ways to talk to the user. */
export interface ProviderContext {
  /** Where this session's token lives; pass it as the provider's `store`. */
  readonly store: TokenStore;
  /** The key to pass with `store` (provider, base URL, account, profile; never a secret). */
  readonly key: string;
  readonly logger: Logger;
  /** Show an authorization URL: open the browser unless disabled, and say honestly whether it did. */
  presentUrl(url: string, what: string): Promise<void>;
  /** Ask for one line; on a terminal it is not echoed (a pasted token or code). */
  prompt(question: string): Promise<string>;
  /** Show that the tool waits until `deadline` (epoch ms); call the result to stop. */
  waiting(text: string, deadline: number): () => void;
}

/** A configured provider, built by {@link ProviderDescriptor.create}. */
export interface ProviderSession {
  /** The base URL request paths resolve against (no trailing slash). */
  readonly baseUrl: string;
  /** A valid token: the stored one while fresh, else a new one; rejects with a typed error. */
  getToken(options?: { forceRefresh?: boolean }): Promise<AccessToken>;
  /** A fetch that authorizes each request. */
  readonly fetch: FetchLike;
  /** The interactive login (browser flows); absent when `login` only checks credentials. */
  login?(options: ProviderLoginOptions): Promise<AccessToken>;
  /** Revoke the token at the provider (RFC 7009); absent when the provider offers no revocation. */
  revoke?(token: AccessToken): Promise<void>;
}

/** A provider, described for a generic tool. */
export interface ProviderDescriptor {
  /** Command-line name, e.g. `metapack` (lower case letters, digits, `-`). */
  readonly name: string;
  /** Display name, e.g. `Metapack`. */
  readonly title: string;
  /** How it authenticates, one line. */
  readonly summary: string;
  readonly settings: readonly ProviderSetting[];
  readonly files?: readonly ProviderFile[];
  /** `interactive`: `login` runs a browser flow; `check`: it fetches a token to check the credentials. */
  readonly login: "interactive" | "check";
  /** Extra help lines for `login` (its flags), when interactive. */
  readonly loginHelp?: string;
  /** Whether this provider can revoke a token (RFC 7009), given the settings. */
  canRevoke?(settings: ProviderSettings): boolean;
  /** The public name of the credentials (client id, API key): part of the store key, never a secret. */
  account(settings: ProviderSettings): string | undefined;
  /** A token given up front in the settings (a permanent token), used without a request. */
  configuredToken?(settings: ProviderSettings): AccessToken | undefined;
  /** Build the session: imports the provider's factory on demand. */
  create(settings: ProviderSettings, context: ProviderContext): Promise<ProviderSession>;
}
