import { randomBytes } from "node:crypto";

/** What the emulator knows of a token it issued. */
export interface IssuedToken {
  token: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  refreshToken?: string;
}

/**
 * Issues opaque random tokens and remembers them, so protected resources can accept only
 * tokens this emulator issued and has not expired. Time comes from `clock` (default
 * Date.now) so tests can move it.
 */
export class TokenIssuer {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #refresh = new Map<string, IssuedToken>();
  /** Lifetime of tokens issued from now on (`expires_in`), seconds. */
  lifetimeSeconds: number;
  /** Where the issuer's time comes from (epoch ms); tests move it instead of sleeping. */
  clock: () => number;

  constructor(options: { lifetimeSeconds?: number; clock?: () => number } = {}) {
    this.lifetimeSeconds = options.lifetimeSeconds ?? 3600;
    this.clock = options.clock ?? Date.now;
  }

  /** Issue a new opaque token (`tok_...`, and a `rt_...` refresh token when asked) and remember it. */
  issue(clientId: string, scopes: string[], options: { withRefreshToken?: boolean; lifetimeSeconds?: number } = {}): IssuedToken {
    const now = this.clock();
    const t: IssuedToken = {
      token: `tok_${randomBytes(18).toString("base64url")}`,
      clientId,
      scopes,
      issuedAt: now,
      expiresAt: now + (options.lifetimeSeconds ?? this.lifetimeSeconds) * 1000,
    };
    if (options.withRefreshToken) {
      t.refreshToken = `rt_${randomBytes(18).toString("base64url")}`;
      this.#refresh.set(t.refreshToken, t);
    }
    this.#tokens.set(t.token, t);
    return t;
  }

  /** The token's record when it was issued here and is unexpired, else undefined. */
  verify(token: string): IssuedToken | undefined {
    const t = this.#tokens.get(token);
    return t && this.clock() < t.expiresAt ? t : undefined;
  }

  /** Use a refresh token once (rotation): returns what it was issued with, or undefined. */
  redeemRefreshToken(refreshToken: string): IssuedToken | undefined {
    const t = this.#refresh.get(refreshToken);
    if (t) this.#refresh.delete(refreshToken);
    return t;
  }

  /** Expire every token issued so far ("tokens that expire early"). */
  expireAll(): void {
    const now = this.clock();
    for (const t of this.#tokens.values()) t.expiresAt = Math.min(t.expiresAt, now - 1);
  }

  /**
   * Revoke one token (RFC 7009 §2.1): an access token, or a refresh token together with the
   * access token issued with it. Unknown values are ignored (§2.2: still a success).
   */
  revoke(value: string): void {
    const byRefresh = this.#refresh.get(value);
    if (byRefresh) {
      this.#refresh.delete(value);
      this.#tokens.delete(byRefresh.token);
    }
    this.#tokens.delete(value);
  }

  /** Forget every token (e.g. a disabled application). */
  revokeAll(): void {
    this.#tokens.clear();
    this.#refresh.clear();
  }

  /** How many tokens are remembered (issued and not revoked). */
  get issuedCount(): number {
    return this.#tokens.size;
  }
}
