/**
 * The token file: where it lives, how entries are keyed, and a fast read that needs nothing
 * but node:fs (so `auth-token <provider> token` with a fresh stored token loads no provider,
 * no ky). Writes go through @auth/core's FileTokenStore (0600, atomic), loaded on demand.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ProviderName } from "./spec.js";

/** Same shape as @auth/core's AccessToken (kept structural to avoid importing core here). */
export interface StoredToken {
  accessToken: string;
  tokenType: string;
  expiresAt?: number;
  issuedAt?: number;
  scopes: string[];
  refreshToken?: string;
  tokenSecret?: string;
}

/** --store, then AUTH_TOKEN_STORE, then $XDG_CONFIG_HOME/auth-token/tokens.json, then ~/.config/auth-token/tokens.json. */
export function storePath(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag) return flag;
  if (env.AUTH_TOKEN_STORE) return env.AUTH_TOKEN_STORE;
  const xdg = env.XDG_CONFIG_HOME?.startsWith("/") ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), ".config");
  return join(xdg, "auth-token", "tokens.json");
}

/**
 * Entries are keyed `provider|baseUrl|account`: the account is the public identifier of the
 * credentials (API key id, client id @ scope, consumer key, API key), never a secret, so that
 * `status` can show it and different credentials never share a token.
 */
export function storeKey(provider: ProviderName, baseUrl: string, account: string): string {
  return `${provider}|${normalizeBaseUrl(baseUrl)}|${account}`;
}

export function parseStoreKey(key: string): { provider: string; baseUrl: string; account: string } {
  const [provider = key, baseUrl = "", ...rest] = key.split("|");
  return { provider, baseUrl, account: rest.join("|") };
}

export function normalizeBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

function asToken(v: unknown): StoredToken | undefined {
  if (!v || typeof v !== "object") return undefined;
  const t = v as StoredToken;
  if (typeof t.accessToken !== "string" || !t.accessToken || typeof t.tokenType !== "string" || !Array.isArray(t.scopes)) return undefined;
  return t;
}

/** Read one entry synchronously; undefined when the file or entry is missing or unreadable. */
export function readStoredToken(path: string, key: string): StoredToken | undefined {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    return asToken(data?.[key]);
  } catch {
    return undefined;
  }
}

/** Every entry (for `status`). Missing file: none. */
export function readAllTokens(path: string): [string, StoredToken][] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  if (!data || typeof data !== "object") return [];
  const out: [string, StoredToken][] = [];
  for (const [k, v] of Object.entries(data)) {
    const t = asToken(v);
    if (t) out.push([k, t]);
  }
  return out;
}

/** @auth/core's default refresh window: stale when less than max(60 s, 10 % of the lifetime) is left. */
export function isFresh(t: StoredToken, now = Date.now()): boolean {
  if (t.expiresAt === undefined) return true;
  const lifetime = t.issuedAt === undefined ? 0 : t.expiresAt - t.issuedAt;
  return now < t.expiresAt - Math.max(60_000, lifetime / 10);
}

/** The minimal store interface @auth/core's token cache and the providers use. */
export interface StoreLike {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken): Promise<void>;
  delete(key: string, accessToken?: string): Promise<void>;
}

/**
 * A view of the file store with one slot: whatever key a provider uses internally, its token
 * lands under the CLI's key for this provider, base URL and account (the one the fast path and
 * `status` read). One CLI invocation drives one provider configuration, so one slot is enough.
 */
export function slotStore(store: StoreLike, key: string): StoreLike {
  return {
    get: () => store.get(key),
    set: (_k, token) => store.set(key, token),
    delete: (_k, accessToken) => store.delete(key, accessToken),
  };
}
