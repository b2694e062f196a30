import { InvalidTokenResponseError } from "./errors.js";
import { parseJsonLenient } from "./json-lenient.js";
import { type Redactable, redact } from "./secret.js";
import { checkTokenValue, tokenValueProblem } from "./token-value.js";

/** A bearer (or OAuth 1.0a) credential as the cache and stores hold it. */
export interface AccessToken {
  accessToken: string;
  /** As the server sent it (`Bearer`, `bearer`); compare case-insensitively (RFC 6749 §5.1). */
  tokenType: string;
  /** Epoch milliseconds; absent when the server sent no `expires_in` (use until a 401). */
  expiresAt?: number;
  scopes: string[];
  /** Epoch milliseconds when it was obtained; lets the cache refresh at 10 % of the lifetime. */
  issuedAt?: number;
  /** RFC 6749 §6 refresh token, when the server issued one. */
  refreshToken?: string;
  /** OAuth 1.0a token secret (RFC 5849 §2.3), for providers whose tokens come in pairs. */
  tokenSecret?: string;
  /** OpenID Connect ID token (`id_token`, OIDC Core §3.1.3.3), when the server sent one. A secret: never printed. */
  idToken?: string;
  /**
   * The response's other fields (provider extras, RFC 6749 §5.1 "additional parameters"), as
   * parsed. Printed by name only (`[redacted]` values): a provider's extra may be a credential.
   */
  extra?: Record<string, unknown>;
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
// ECMAScript's largest representable Date (±8.64e15 ms, §21.4.1.22).
const MAX_DATE_MS = 8.64e15;

function redactedView(this: AccessToken): Record<string, unknown> {
  const view: Record<string, unknown> = { accessToken: "[redacted]", tokenType: this.tokenType, scopes: this.scopes };
  // Guarded: a Date out of range would make toISOString (and so JSON.stringify) throw.
  if (this.expiresAt !== undefined) view.expiresAt = Math.abs(this.expiresAt) <= MAX_DATE_MS ? new Date(this.expiresAt).toISOString() : this.expiresAt;
  if (this.refreshToken !== undefined) view.refreshToken = "[redacted]";
  if (this.tokenSecret !== undefined) view.tokenSecret = "[redacted]";
  if (this.idToken !== undefined) view.idToken = "[redacted]";
  if (this.extra !== undefined) view.extra = Object.fromEntries(Object.keys(this.extra).map((k) => [k, "[redacted]"]));
  return view;
}

// The fields that hold credentials. They live in non-enumerable accessors so that no generic
// copy or print path (spread, Object.assign, structuredClone, JSON, inspect, a logger that walks
// own enumerable keys) ever reaches them; reading `token.accessToken` works as before.
const SECRET_FIELDS = ["accessToken", "refreshToken", "tokenSecret", "idToken", "extra"] as const;

/**
 * Make an AccessToken whose printed and copied forms are redacted.
 *
 * `accessToken`, `refreshToken`, `tokenSecret`, `idToken` and `extra` are readable and writable as usual
 * (`token.accessToken`), but they are non-enumerable own accessors: `{ ...token }`,
 * `Object.assign({}, token)`, `structuredClone(token)` and `Object.keys(token)` leave them out,
 * and `JSON.stringify`, `util.inspect`, `console.log` and `String()` show `[redacted]` (or
 * nothing) in their place. Assigning one later keeps it hidden.
 *
 * To copy a token, call `createAccessToken({ ...serializeToken(token), ...changes })`;
 * {@link serializeToken} is the one function that writes the values out (for a store).
 */
export function createAccessToken(fields: AccessToken): AccessToken {
  const secrets: Pick<AccessToken, (typeof SECRET_FIELDS)[number]> = {
    accessToken: fields.accessToken,
    refreshToken: fields.refreshToken,
    tokenSecret: fields.tokenSecret,
    idToken: fields.idToken,
    // A copy: the caller's object (a parsed response) stays theirs.
    extra: fields.extra === undefined ? undefined : { ...fields.extra },
  };
  const token = { tokenType: fields.tokenType, scopes: [...fields.scopes] } as AccessToken;
  if (fields.expiresAt !== undefined) token.expiresAt = fields.expiresAt;
  if (fields.issuedAt !== undefined) token.issuedAt = fields.issuedAt;
  for (const name of SECRET_FIELDS) {
    Object.defineProperty(token, name, {
      get: () => secrets[name],
      set: (value: never) => {
        secrets[name] = value;
      },
      enumerable: false,
      configurable: true,
    });
  }
  Object.defineProperty(token, "toJSON", { value: redactedView, enumerable: false });
  Object.defineProperty(token, inspectSymbol, {
    value(this: AccessToken) {
      return { AccessToken: redactedView.call(this) };
    },
    enumerable: false,
  });
  return token;
}

/** The plain object a store writes. The only function that prints the token value. */
export function serializeToken(token: AccessToken): AccessToken {
  const out: AccessToken = { accessToken: token.accessToken, tokenType: token.tokenType, scopes: [...token.scopes] };
  if (token.expiresAt !== undefined) out.expiresAt = token.expiresAt;
  if (token.issuedAt !== undefined) out.issuedAt = token.issuedAt;
  if (token.refreshToken !== undefined) out.refreshToken = token.refreshToken;
  if (token.tokenSecret !== undefined) out.tokenSecret = token.tokenSecret;
  if (token.idToken !== undefined) out.idToken = token.idToken;
  if (token.extra !== undefined) out.extra = { ...token.extra };
  return out;
}

/** Read back what {@link serializeToken} wrote; `undefined` when it is not a token. */
export function deserializeToken(value: unknown): AccessToken | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.accessToken !== "string" || !v.accessToken || typeof v.tokenType !== "string") return undefined;
  // A store file edited by hand: a token that cannot be sent is no token (log in again).
  if (tokenValueProblem(v.accessToken) !== undefined) return undefined;
  if (!Array.isArray(v.scopes) || !v.scopes.every((s) => typeof s === "string")) return undefined;
  const fields: AccessToken = { accessToken: v.accessToken, tokenType: v.tokenType, scopes: v.scopes as string[] };
  for (const k of ["expiresAt", "issuedAt"] as const) {
    if (typeof v[k] === "number" && Number.isFinite(v[k])) fields[k] = v[k] as number;
  }
  for (const k of ["refreshToken", "tokenSecret"] as const) {
    if (typeof v[k] === "string") {
      if (v[k] !== "" && tokenValueProblem(v[k] as string, "vschar") !== undefined) return undefined;
      fields[k] = v[k] as string;
    }
  }
  if (typeof v.idToken === "string" && v.idToken !== "") fields.idToken = v.idToken;
  if (isRecord(v.extra)) fields.extra = v.extra;
  return createAccessToken(fields);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

// The RFC 6749 §5.1 fields (and OIDC's id_token) read into named fields; the rest is `extra`.
const NAMED_FIELDS = new Set(["access_token", "token_type", "expires_in", "scope", "refresh_token", "id_token"]);

// Re-exported here, where it has always been public.
export { parseJsonLenient } from "./json-lenient.js";

export interface ParseTokenResponseOptions {
  /** Epoch ms at which the response was received (for `expiresAt`). */
  now: number;
  /** Token types accepted (case-insensitive). Default: any non-empty type. */
  acceptTokenTypes?: string[];
  /** Used when the response has no `scope` (RFC 6749 §5.1: same as requested). */
  requestedScopes?: string[];
  /** Values sent with the request (client secret, code…): redacted from a quoted `token_type`. */
  secrets?: Iterable<Redactable>;
}

/**
 * RFC 6749 §5.1 successful response -> {@link AccessToken}.
 * Lenient where providers are sloppy: `expires_in` as a number or numeric string,
 * `token_type` in any case, `scope` split on any whitespace (stray spaces dropped), JSON with
 * a trailing comma. Strict where it matters: a missing or empty `access_token`, a
 * non-numeric, negative or infinite `expires_in`, or an unaccepted `token_type` throw
 * {@link InvalidTokenResponseError}. Error messages never include the token value.
 */
export function parseTokenResponse(body: unknown, options: ParseTokenResponseOptions): AccessToken {
  let value = body;
  if (typeof value === "string") {
    try {
      value = parseJsonLenient(value);
    } catch {
      throw invalid("is not JSON");
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw invalid("is not a JSON object");
  }
  const v = value as Record<string, unknown>;
  if (typeof v.access_token !== "string" || v.access_token.length === 0) {
    throw invalid(v.access_token === undefined ? "has no access_token" : "has an empty or non-string access_token");
  }
  checkTokenValue(v.access_token, "access_token", "The token response");
  let tokenType = "Bearer";
  if (v.token_type !== undefined) {
    if (typeof v.token_type !== "string" || !v.token_type.trim()) {
      throw invalid("has an empty or non-string token_type");
    }
    tokenType = v.token_type.trim();
  }
  if (options.acceptTokenTypes && !options.acceptTokenTypes.some((t) => t.toLowerCase() === tokenType.toLowerCase())) {
    throw new InvalidTokenResponseError(
      `The token response has token_type ${quotable(tokenType, options.secrets)}, expected ${options.acceptTokenTypes.join(" or ")}.`,
      { hint: "This client only supports bearer tokens (RFC 6750); the server issued another kind." },
    );
  }
  const token: AccessToken = { accessToken: v.access_token, tokenType, scopes: [], issuedAt: options.now };
  if (v.expires_in !== undefined && v.expires_in !== null) {
    const expiresAt = options.now + parseExpiresIn(v.expires_in) * 1000;
    // A lifetime beyond any representable date (expires_in 1e300) means "does not expire".
    if (expiresAt <= MAX_DATE_MS) token.expiresAt = expiresAt;
  }
  if (typeof v.scope === "string") {
    token.scopes = v.scope.split(/\s+/).filter(Boolean);
  } else if (v.scope !== undefined && v.scope !== null) {
    throw invalid("has a non-string scope");
  } else if (options.requestedScopes) {
    token.scopes = [...options.requestedScopes];
  }
  if (typeof v.refresh_token === "string" && v.refresh_token) {
    checkTokenValue(v.refresh_token, "refresh_token", "The token response", "vschar");
    token.refreshToken = v.refresh_token;
  }
  if (typeof v.id_token === "string" && v.id_token) token.idToken = v.id_token;
  // Object.entries/fromEntries: a "__proto__" key stays a plain own field, never a prototype.
  const extra = Object.entries(v).filter(([k]) => !NAMED_FIELDS.has(k));
  if (extra.length > 0) token.extra = Object.fromEntries(extra);
  return createAccessToken(token);
}

function parseExpiresIn(raw: unknown): number {
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isFinite(n) && n >= 0) return n;
  // A number is safe to quote; a string is described, never quoted (nor cut: a prefix of an
  // echoed secret would survive a cut).
  const shown = typeof raw === "number" ? String(raw) : typeof raw === "string" ? `as a ${raw.length}-character string` : `as ${typeof raw}`;
  throw invalid(`has expires_in ${shown}, which is not a finite, non-negative number of seconds`);
}

/**
 * A server value for a message: quoted only when, after redacting the known secrets (before any
 * cut), it is a short name such as `mac` or `DPoP`; otherwise described by its length.
 */
function quotable(value: string, secrets: Iterable<Redactable> = []): string {
  const shown = redact(value, secrets);
  let plain = shown.length <= 40;
  for (let i = 0; i < shown.length && plain; i++) {
    const c = shown.charCodeAt(i);
    plain = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x2d || c === 0x5f || c === 0x2e;
  }
  return plain ? `"${shown}"` : `of ${value.length} characters that is not a type name`;
}

const invalid = (what: string) => new InvalidTokenResponseError(`The token response ${what}.`);
