/**
 * Every failure a user can cause or meet is an {@link AuthError}: a stable `code` to branch on,
 * a message that says what happened and a `hint` that says what to do. Messages never contain
 * secret values (client secrets, token secrets, access tokens): callers pass only names.
 */

/** Stable error codes. New codes may be added in minor versions; existing ones never change. */
export type AuthErrorCode =
  | "configuration"
  | "oauth_error"
  | "token_endpoint"
  | "invalid_token_response"
  | "flow"
  | "insufficient_scope"
  | "invalid_token"
  | "timeout"
  | "network"
  | "insecure_url"
  | "token_expired"
  | "login_required"
  | "no_token"
  | "unauthorized"
  | "listen_failed"
  /** `login()` in a build without a login runner (a browser or worker build): complete the redirect yourself. */
  | "login_unavailable"
  /** A Node-only function (reading a file) called in the runtime-neutral build. */
  | "node_required"
  /** A credential request met a 3xx; redirects are never followed. */
  | "redirect"
  /** A response body was larger than the bound (`maxResponseBytes`). */
  | "response_too_large"
  | (string & {});

export interface AuthErrorOptions {
  status?: number;
  hint?: string;
  cause?: unknown;
}

/** Base class of every error thrown by the @auth packages. */
export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly status?: number;
  readonly hint?: string;

  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

/** A required option is missing, blank or malformed. Thrown at construction, before any request. */
export class ConfigurationError extends AuthError {
  constructor(message: string, options: AuthErrorOptions = {}) {
    super("configuration", message, options);
  }
}

/** An RFC 6749 §5.2 error response (`{"error": "invalid_client", ...}`). */
export class OAuthError extends AuthError {
  /** The RFC 6749 §5.2 `error` value, e.g. `invalid_client`. */
  readonly error: string;
  readonly errorDescription?: string;
  readonly errorUri?: string;

  constructor(
    fields: { error: string; error_description?: string; error_uri?: string },
    options: AuthErrorOptions & { message?: string } = {},
  ) {
    const description = fields.error_description ? `: ${fields.error_description}` : "";
    super("oauth_error", options.message ?? `The server refused the request with OAuth error "${fields.error}"${description}`, {
      ...options,
      hint: options.hint ?? defaultOAuthHint(fields.error),
    });
    this.error = fields.error;
    if (fields.error_description !== undefined) this.errorDescription = fields.error_description;
    if (fields.error_uri !== undefined) this.errorUri = fields.error_uri;
  }
}

// RFC 6749 §5.2 error codes, with what a user can do about each. A lookup, not `in`:
// "constructor" is an error a server may send too.
const OAUTH_HINTS: Record<string, string> = {
  invalid_client: "Check the client id and secret (API key): wrong, revoked, or sent with the wrong authentication method.",
  invalid_grant: "The code, refresh token or credentials are invalid or expired: authorize again.",
  unauthorized_client: "This client may not use this grant type: check the application's settings at the provider.",
  unsupported_grant_type: "The server does not support this grant type here: check the token endpoint URL.",
  invalid_scope: "Ask only for scopes the application has been granted.",
  access_denied: "Access was denied: authorize again and approve the request.",
};
const defaultOAuthHint = (error: string): string | undefined => (Object.hasOwn(OAUTH_HINTS, error) ? OAUTH_HINTS[error] : undefined);

/** The token endpoint failed without an OAuth error body: a 5xx, an HTML page, a dropped connection. */
export class TokenEndpointError extends AuthError {
  constructor(message: string, options: AuthErrorOptions & { code?: AuthErrorCode } = {}) {
    super(options.code ?? "token_endpoint", message, options);
  }
}

/** The token endpoint answered 2xx but the body is not a usable token response. */
export class InvalidTokenResponseError extends AuthError {
  constructor(message: string, options: AuthErrorOptions = {}) {
    super("invalid_token_response", message, {
      ...options,
      hint: options.hint ?? "The token endpoint sent an unexpected response: check the base URL points at the right environment.",
    });
  }
}

/** A redirect-based flow failed: state mismatch, expired or reused request, user denied. */
export class FlowError extends AuthError {
  /** For RFC 6749 §4.1.2.1 errors in a redirect, the `error` value (e.g. `access_denied`). */
  readonly error?: string;
  constructor(message: string, options: AuthErrorOptions & { error?: string } = {}) {
    super("flow", message, options);
    if (options.error !== undefined) this.error = options.error;
  }
}

/** RFC 6750 §3.1 `insufficient_scope`: the token lacks a scope the resource needs. */
export class InsufficientScopeError extends AuthError {
  /** The scopes the resource server says are needed (from the challenge's `scope`). */
  readonly scopes: string[];
  constructor(scopes: string[], options: AuthErrorOptions & { message?: string } = {}) {
    const needed = scopes.length ? `: it needs ${scopes.join(" ")}` : "";
    super("insufficient_scope", options.message ?? `The access token does not have the scope this resource requires${needed}`, {
      status: 403,
      ...options,
    });
    this.scopes = scopes;
  }
}
