/**
 * Where tokens live and how they are keyed, read with node builtins only (so `auth-token
 * <provider> token` with a fresh stored token loads no provider and no ky).
 *
 * - Tokens: in the OS keyring (service `auth-token`, one entry per key) by default, else in a
 *   0600 JSON file written by @auth/core's FileTokenStore.
 * - An index file beside it (no secret): per key the provider, base URL, account, profile,
 *   where the token is, its type, scopes, expiry and `refreshAt`, the time @auth/core's refresh
 *   window makes it stale (computed by core when the token is stored, so this fast path has no
 *   freshness rule of its own). `status` lists the index.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { configDir } from "./cli-config.js";
import { UsageError } from "./ui.js";

/** Same shape as @auth/core's AccessToken (structural: core is not loaded here). */
export interface StoredToken {
  accessToken: string;
  tokenType: string;
  expiresAt?: number;
  issuedAt?: number;
  scopes: string[];
  refreshToken?: string;
  tokenSecret?: string;
}

export type Backend = "keyring" | "file";

/** What the user chose: a backend, or `auto` (the keyring when one answers, else the file with a notice). */
export interface StoreLocation {
  mode: Backend | "auto";
  /** The token file (file backend). */
  tokensPath: string;
  /** The index file. */
  indexPath: string;
}

/** One index entry: everything about a stored token but its values. */
export interface IndexEntry {
  provider: string;
  baseUrl: string;
  account: string;
  profile: string;
  backend: Backend;
  tokenType: string;
  scopes: string[];
  expiresAt?: number;
  issuedAt?: number;
  /** When the token turns stale (core's refresh window); null: it never expires. */
  refreshAt: number | null;
}

export const KEYRING_SERVICE = "auth-token";

/**
 * `--store PATH` or `AUTH_TOKEN_STORE=PATH`: that file. `--insecure-storage` or
 * `AUTH_TOKEN_STORE=file`: the default file. `AUTH_TOKEN_STORE=keyring`: the keyring only.
 * Otherwise `auto`.
 */
export function storeLocation(flags: { store?: unknown; "insecure-storage"?: unknown }, env: Record<string, string | undefined>): StoreLocation {
  const choice = env.AUTH_TOKEN_STORE;
  const dir = configDir(env);
  let tokensPath = join(dir, "tokens.json");
  let mode: StoreLocation["mode"] = "auto";
  if (typeof flags.store === "string" && flags.store) {
    tokensPath = flags.store;
    mode = "file";
  } else if (choice === "file" || choice === "keyring" || choice === "auto") mode = choice;
  else if (choice) {
    tokensPath = choice;
    mode = "file";
  }
  if (flags["insecure-storage"] === true) {
    if (mode === "keyring") throw new UsageError("--insecure-storage contradicts AUTH_TOKEN_STORE=keyring.", "Choose one: unset AUTH_TOKEN_STORE or drop --insecure-storage.");
    mode = "file";
  }
  const name = basename(tokensPath);
  const stem = name.endsWith(".json") ? name.slice(0, -5) : name;
  return { mode, tokensPath, indexPath: join(dirname(tokensPath), `${stem}.index.json`) };
}

/** A profile name: letters, digits, `.`, `_`, `-` (it is part of keys and file names). */
export function checkProfile(name: string): string {
  const ok = name.length > 0 && name.length <= 64 && [...name].every((c) => /[A-Za-z0-9._-]/.test(c));
  if (!ok) throw new UsageError(`'${name.slice(0, 70)}' is not a profile name.`, "Use letters, digits, '.', '_' and '-' (at most 64).");
  return name;
}

/**
 * Entries are keyed `provider|baseUrl|account|profile`: the account is the public identifier
 * of the credentials (API key id, client id @ scope, consumer key, API key), never a secret,
 * so `status` can show it and different credentials never share a token; the profile keeps
 * several logins with the same credentials apart.
 */
export function storeKey(provider: string, baseUrl: string, account: string, profile: string): string {
  return `${provider}|${normalizeBaseUrl(baseUrl)}|${account}|${profile}`;
}

/** Without trailing slashes or surrounding spaces (a linear scan: the URL is outside input). */
export function normalizeBaseUrl(url: string): string {
  const t = url.trim();
  let end = t.length;
  while (end > 0 && t[end - 1] === "/") end--;
  return t.slice(0, end);
}

function asToken(v: unknown): StoredToken | undefined {
  if (!v || typeof v !== "object") return undefined;
  const t = v as StoredToken;
  if (typeof t.accessToken !== "string" || !t.accessToken || typeof t.tokenType !== "string" || !Array.isArray(t.scopes)) return undefined;
  return t;
}

function asEntry(v: unknown): IndexEntry | undefined {
  if (!v || typeof v !== "object") return undefined;
  const e = v as IndexEntry;
  if (typeof e.provider !== "string" || typeof e.baseUrl !== "string" || typeof e.account !== "string" || typeof e.profile !== "string") return undefined;
  if ((e.backend !== "keyring" && e.backend !== "file") || typeof e.tokenType !== "string" || !Array.isArray(e.scopes)) return undefined;
  if (e.refreshAt !== null && typeof e.refreshAt !== "number") return undefined;
  return e;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return undefined;
  }
}

/** The index's reserved key for the file cache (path -> size, mtime, non-secret values). */
export const FILES_KEY = "#files";

/** The file cache of the index (see config.ts cachedAccount); malformed parts are ignored. */
export function readFileCache(path: string): Record<string, { path: string; size: number; mtimeMs: number; values: Record<string, string> }> {
  const raw = readJson(path)?.[FILES_KEY];
  const out: Record<string, { path: string; size: number; mtimeMs: number; values: Record<string, string> }> = {};
  if (!raw || typeof raw !== "object") return out;
  for (const [p, v] of Object.entries(raw as Record<string, unknown>)) {
    const f = v as { size?: unknown; mtimeMs?: unknown; values?: unknown };
    if (typeof f?.size !== "number" || typeof f.mtimeMs !== "number" || !f.values || typeof f.values !== "object") continue;
    const values = Object.fromEntries(Object.entries(f.values as Record<string, unknown>).filter(([, x]) => typeof x === "string")) as Record<string, string>;
    out[p] = { path: p, size: f.size, mtimeMs: f.mtimeMs, values };
  }
  return out;
}

/** Every index entry (for `status`); a missing or unreadable index is empty. */
export function readIndex(path: string): [string, IndexEntry][] {
  const data = readJson(path) ?? {};
  const out: [string, IndexEntry][] = [];
  for (const [k, v] of Object.entries(data)) {
    const e = asEntry(v);
    if (e) out.push([k, e]);
  }
  return out;
}

/** Read one token from the token file synchronously; undefined when missing or unreadable. */
export function readFileToken(path: string, key: string): StoredToken | undefined {
  return asToken(readJson(path)?.[key]);
}

/** The keyring entry for a key (the native module is loaded on first use). */
export async function keyringEntry(key: string): Promise<{ getPassword(): string | null; setPassword(p: string): void; deletePassword(): boolean }> {
  const { Entry } = await import("@napi-rs/keyring");
  // Pin the Secret Service on Linux: its default fallback, the kernel keyring, forgets
  // everything at logout, which a token store must not do silently.
  return new Entry(KEYRING_SERVICE, key, { linux: { store: "secret-service" } });
}

/**
 * The fast path: the stored token for `key` when the index says it is still fresh (by the
 * `refreshAt` core computed), read from where the index says it is; else undefined.
 */
export async function freshStoredToken(location: StoreLocation, key: string, now = Date.now()): Promise<StoredToken | undefined> {
  const entry = asEntry(readJson(location.indexPath)?.[key]);
  if (!entry || (entry.refreshAt !== null && now >= entry.refreshAt)) return undefined;
  if (entry.backend === "file") return readFileToken(location.tokensPath, key);
  if (location.mode === "file") return undefined;
  try {
    const text = (await keyringEntry(key)).getPassword();
    return text ? asToken(JSON.parse(text)) : undefined;
  } catch {
    return undefined; // the slow path reports a keyring that does not answer
  }
}
