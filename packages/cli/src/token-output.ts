import type { StoredToken } from "./store.js";

export type TokenSource = "store" | "fetched" | "config" | "login";

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * `token` output. Plain: the access token, or for a token with a secret (OAuth 1.0a) `oauth_token=KEY&oauth_token_secret=SECRET`
 * (the form the provider's own token endpoints answer with). `--json`: the whole token with
 * times as ISO strings; the shape is documented in the README and stable.
 */
export function formatToken(provider: string, t: StoredToken, source: TokenSource, json: boolean): string {
  if (json) {
    const out: Record<string, unknown> = {
      provider,
      accessToken: t.accessToken,
      tokenType: t.tokenType,
      expiresAt: iso(t.expiresAt),
      issuedAt: iso(t.issuedAt),
      scopes: t.scopes,
      source,
    };
    if (t.tokenSecret !== undefined) out.tokenSecret = t.tokenSecret;
    if (t.refreshToken !== undefined) out.refreshToken = t.refreshToken;
    return JSON.stringify(out, null, 2);
  }
  if (t.tokenSecret !== undefined) {
    return `oauth_token=${encodeURIComponent(t.accessToken)}&oauth_token_secret=${encodeURIComponent(t.tokenSecret ?? "")}`;
  }
  return t.accessToken;
}

/** Metadata only (no values): for `login --json` and `status`. */
export interface TokenMetadata {
  tokenType: string;
  scopes: string[];
  expiresAt: string | null;
  issuedAt: string | null;
  expired: boolean;
}

export function tokenMetadata(t: StoredToken, now = Date.now()): TokenMetadata {
  return {
    tokenType: t.tokenType,
    scopes: t.scopes,
    expiresAt: iso(t.expiresAt),
    issuedAt: iso(t.issuedAt),
    expired: t.expiresAt !== undefined && t.expiresAt <= now,
  };
}
