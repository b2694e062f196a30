import { type Clock, ConfigurationError, type FetchLike, type Logger, Secret, type TokenStore } from "@auth/core";
import type { HmacImplementation } from "./signer.js";

/** docs/providers.md#bynder-handshake, step 1: "A Request Token is valid for 10 minutes." */
export const REQUEST_TOKEN_LIFETIME_MS = 10 * 60_000;
/** docs/providers.md#bynder-tokens: temporary (access) tokens "are valid for 30 days". */
export const ACCESS_TOKEN_LIFETIME_MS = 30 * 24 * 3_600_000;
/** Default warning window before a temporary token expires. */
export const DEFAULT_EXPIRY_WARNING_MS = 3 * 24 * 3_600_000;

/** A consumer or token key with its secret. */
export interface KeyPair {
  key: string;
  secret: string | Secret;
}

/** A token pair given directly: a permanent token (no `expiresAt`), or a temporary one you kept. */
export interface TokenOption extends KeyPair {
  /** Epoch ms; omit for permanent tokens, which "do not have expiration date". */
  expiresAt?: number;
}

export interface BynderAuthOptions {
  /** The portal URL, e.g. `https://company.bynder.com`; endpoints are under `{baseUrl}/api/v4/`. */
  baseUrl: string;
  /** The consumer created in the portal (your-bynder-domain/pysettings > API tokens). */
  consumer: KeyPair;
  /**
   * A permanent token (or a temporary one you stored yourself), used as it is: it is not read
   * from nor written to `store`. Omit it to use the token from `store` (after a login).
   */
  token?: TokenOption;
  /** Where the access token from the handshake is kept. Default: memory. Holds tokens, never the consumer secret. */
  store?: TokenStore;
  /** The key under which the token is stored. Default core's `storeKey({ provider: "bynder", baseUrl, account: consumer key })`. */
  storeKey?: string;
  /** Time source (epoch ms) for timestamps and expiry; for tests. */
  clock?: Clock;
  /** Receives the expiry warning and 401 explanations. Default: silent. */
  logger?: Logger;
  /** Warn this long before a temporary token expires (ms). Default 3 days. */
  expiryWarningMs?: number;
  /** The fetch used for the handshake, `client()` and `fetch`. Default global fetch. */
  fetch?: FetchLike;
  /**
   * Deadline of each handshake request, ms, covering headers and the whole body; also bounds
   * the read of a 401 body the client explains. Default 10 000.
   */
  timeout?: number;
  /** Handshake and error bodies larger than this are a `response_too_large` error. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Allow an `http://` base URL that is not loopback. */
  allowInsecure?: boolean;
  /**
   * Which parameter carries the request token to the authorise page. The document's table says
   * `auth_token`, its example URL (and Bynder's own SDKs) `oauth_token`. Default `oauth_token`;
   * `both` sends the two.
   */
  authoriseTokenParam?: "oauth_token" | "auth_token" | "both";
  /** HMAC-SHA1 implementation: `auto` (node:crypto when present, else @noble/hashes), `node` or `noble`. */
  hmac?: HmacImplementation;
  /** Nonce source; crypto-random by default. For tests only. */
  nonce?: () => string;
}

/** Options of `login()` (the handshake with a loopback callback and the browser; Node). */
export interface BynderLoginOptions {
  /**
   * Open the authorise page: `true` (default) uses the system browser; `false` does not (use
   * `onAuthoriseUrl` to show the URL); a function opens it yourself (tests drive the page with it).
   */
  openBrowser?: boolean | ((url: string) => unknown);
  /** Loopback callback port; default 0 (any free port). */
  port?: number;
  /** How long to wait for the browser to come back, ms. Default 300 000. */
  timeoutMs?: number;
  /** Called with the authorise URL before the browser opens (print it for the user). */
  onAuthoriseUrl?: (url: string) => void;
  signal?: AbortSignal;
}

/** Check a consumer or token pair; the secret becomes a core `Secret` (never printed). */
export function requireKeyPair(value: KeyPair | undefined, name: "consumer" | "token"): { key: string; secret: Secret } {
  const hint =
    name === "consumer"
      ? "Pass consumer: { key, secret } as created in your-bynder-domain/pysettings > API tokens > Create new consumer."
      : "Pass token: { key, secret } of a permanent token (pysettings > API tokens > Create new token), or omit it and run the login.";
  if (!value || typeof value !== "object") throw new ConfigurationError(`The option "${name}" is missing.`, { hint });
  if (typeof value.key !== "string" || value.key.trim() === "") throw new ConfigurationError(`The option "${name}.key" is missing or blank.`, { hint });
  const secret = value.secret;
  if (!(secret instanceof Secret) && (typeof secret !== "string" || secret === "")) {
    throw new ConfigurationError(`The option "${name}.secret" is missing or blank.`, { hint });
  }
  return { key: value.key.trim(), secret: Secret.from(secret) };
}
