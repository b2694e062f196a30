import type { ResolvedConfig } from "../config.js";
import type { StoredToken, StoreLike } from "../store.js";
import type { Ui } from "../ui.js";

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface LoginOptions {
  /** false with --no-browser: print the URL instead. */
  openBrowser: boolean;
  port?: number;
  timeoutMs: number;
}

/** What the CLI needs from a provider, built by an adapter from its package's public API. */
export interface ProviderRuntime {
  /** The normalized base URL the request paths resolve against. */
  readonly baseUrl: string;
  /** Public account id for the store key (never a secret). */
  readonly account: string;
  /** A valid token: the stored one while fresh, else a new one (where the provider can fetch one). */
  getToken(options: { forceRefresh: boolean }): Promise<StoredToken>;
  /** A fetch that authorizes each request (Bearer or OAuth 1.0a signature). */
  readonly fetch: FetchLike;
  /** Browser flows (imagen, bynder); absent for client-credentials providers. */
  login?(options: LoginOptions): Promise<StoredToken>;
}

export interface AdapterContext {
  config: ResolvedConfig;
  ui: Ui;
  /** The CLI's store already narrowed to this provider's slot (see slotStore). */
  store: (key: string) => StoreLike;
}

export type AdapterFactory = (ctx: AdapterContext) => Promise<ProviderRuntime>;
