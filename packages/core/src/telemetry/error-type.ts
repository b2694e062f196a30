import { AuthError, OAuthError } from "../errors.js";
import { OTHER } from "./names.js";

// Registered OAuth error codes (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1; RFC 8628 §3.5). Only
// these are reported: the `error` field comes from the server, which may put anything in it.
const OAUTH_ERRORS = new Set([
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
  "access_denied",
  "unsupported_response_type",
  "server_error",
  "temporarily_unavailable",
  "invalid_token",
  "insufficient_scope",
  "authorization_pending",
  "slow_down",
  "expired_token",
]);

const MAX_NAME = 64;

/** A short identifier (letters, digits, `_`, `.`, `-`, `:` for URN grants): a code or a class name, never a sentence. Linear. */
function isIdentifier(s: string): boolean {
  if (s.length === 0 || s.length > MAX_NAME) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 58;
    if (!ok) return false;
  }
  return true;
}

/**
 * `error.type` of a failure: an {@link AuthError}'s stable `code` (set by code, never by a
 * server), else the error's class name (`TypeError`), else `_OTHER`. Never the message: it may
 * quote a server, and a server may quote what it was sent.
 *
 * @see https://opentelemetry.io/docs/specs/semconv/registry/attributes/error/
 */
export function errorType(error: unknown): string {
  if (error instanceof AuthError) return isIdentifier(error.code) ? error.code : OTHER;
  if (error instanceof Error) {
    const name = error.constructor?.name;
    if (typeof name === "string" && isIdentifier(name)) return name;
  }
  return OTHER;
}

/** The RFC 6749 `error` of an {@link OAuthError}, when it is a registered code; `_OTHER` for any other; undefined when not one. */
export function oauthErrorCode(error: unknown): string | undefined {
  if (!(error instanceof OAuthError)) return undefined;
  return OAUTH_ERRORS.has(error.error) ? error.error : OTHER;
}

/** A configured label (provider, grant) fit for an attribute: an identifier, else `_OTHER`. */
export function label(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return isIdentifier(value) ? value : OTHER;
}
