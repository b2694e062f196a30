import { type AccessToken, parseJsonLenient, parseTokenResponse } from "./access-token.js";
import type { FetchLike } from "./auth-fetch.js";
import { applyClientAuthentication, type ClientAuthentication } from "./client-authentication.js";
import { type Clock, systemClock } from "./clock.js";
import { type AuthError, InvalidTokenResponseError, type OAuthError, type TokenEndpointError } from "./errors.js";
import { boundedExchange, type RetryNotice, type RetryPolicy } from "./http/bounded-exchange.js";
import { bodyExcerpt, endpointErrorFromResponse, isOAuthErrorBody, oauthErrorFromBody } from "./http-errors.js";
import { redact, type Secret } from "./secret.js";
import { checkEndpointUrl } from "./url-policy.js";

export { basicAuthorization, type ClientAuthentication, formEncode } from "./client-authentication.js";
export type { RetryNotice, RetryPolicy } from "./http/bounded-exchange.js";

// An excerpt is cut from this much of a body at most (after redaction of the whole body).
const EXCERPT_SOURCE_CHARS = 16 * 1024;

export interface RequestTokenOptions {
  /** The token endpoint. */
  url: string | URL;
  /** Form parameters, e.g. `{ grant_type: "client_credentials" }`. */
  params: Record<string, string> | URLSearchParams;
  clientAuth?: ClientAuthentication;
  /**
   * Deadline of each attempt in ms, covering the whole exchange: connection, headers and the
   * body until its last byte (a body that never ends or trickles fails here). Default 10 000.
   */
  timeout?: number;
  /**
   * Retries for 408, 429, 5xx, timeouts and network errors. Default 2 (3 attempts), within a
   * total `budget` of 60 000 ms for all attempts and waits; a `Retry-After` beyond what is left
   * of it (or beyond `maxRetryAfter`, 60 s) fails at once with a `RetryLaterError` saying when.
   */
  retry?: RetryPolicy;
  /** Token and error bodies larger than this are a `response_too_large` error. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Told before each wait between attempts, e.g. to say "waiting 30 s (rate limited)". */
  onRetry?: (notice: RetryNotice) => void;
  fetch?: FetchLike;
  /** Allow `http://` to a non-loopback host. */
  allowInsecure?: boolean;
  clock?: Clock;
  /** Accepted `token_type` values (case-insensitive). Default `["Bearer"]`. */
  acceptTokenTypes?: string[];
  requestedScopes?: string[];
  headers?: Record<string, string>;
  /** Provider-specific hints by OAuth error code (e.g. `invalid_client`) or HTTP status (`"401"`). */
  hints?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * POST to a token endpoint and return the parsed {@link AccessToken}: one function for every
 * grant. Retries with exponential backoff and jitter on 408/429/5xx, timeouts and network
 * errors, honouring `Retry-After` (RFC 9110 §10.2.3), within a total budget; never retries
 * other 4xx. Never follows a redirect (a 3xx is a `redirect` error: the form carries the client
 * credentials); each attempt has one deadline for headers and body, and bodies are read up to
 * `maxResponseBytes`. Every failure
 * is an {@link AuthError}: {@link OAuthError} for RFC 6749 §5.2 bodies, a
 * {@link TokenEndpointError} quoting status and a secret-free excerpt otherwise.
 */
export async function requestToken(options: RequestTokenOptions): Promise<AccessToken> {
  const url = checkEndpointUrl(options.url, "The token endpoint", options.allowInsecure);
  const body = new URLSearchParams(options.params);
  const headers: Record<string, string> = {
    accept: "application/json",
    "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
    ...options.headers,
  };
  const secrets: (string | Secret | undefined)[] = applyClientAuthentication(options.clientAuth, headers, body);
  for (const k of ["code", "refresh_token", "code_verifier", "password"]) secrets.push(body.get(k) ?? undefined);
  const hint = (key: string) => options.hints?.[key];
  // Host and path only: a query may hold anything.
  const what = `the token endpoint ${url.host}`;
  const response = await boundedExchange({
    url,
    headers,
    body: body.toString(),
    what,
    secrets,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.allowInsecure ? { allowInsecure: true } : {}),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  const contentType = response.headers.get("content-type");
  // Redact the whole body first, then look at a bounded prefix only (redact before you cut).
  const excerptSource = () => redact(response.text, secrets).slice(0, EXCERPT_SOURCE_CHARS);
  if (response.status < 200 || response.status > 299) {
    const parsed = parseOAuthErrorBody(response.text);
    if (parsed) throw oauthErrorFromBody(parsed, response.status, secrets, hint(parsed.error) ?? hint(String(response.status)));
    throw endpointErrorFromResponse(`The token endpoint ${url.host}${url.pathname}`, response.status, response.statusText, contentType, excerptSource(), secrets, hint(String(response.status)));
  }
  const text = response.text;
  let json: unknown;
  try {
    json = parseJsonLenient(text);
  } catch {
    throw new InvalidTokenResponseError(
      `The token endpoint answered ${response.status} with ${contentType?.split(";")[0] ?? "no content type"} that is not JSON: "${bodyExcerpt(excerptSource(), secrets)}"`,
    );
  }
  if (isOAuthErrorBody(json)) throw oauthErrorFromBody(json, response.status, secrets, hint(json.error));
  try {
    return parseTokenResponse(json, {
      now: (options.clock ?? systemClock)(),
      acceptTokenTypes: options.acceptTokenTypes ?? ["Bearer"],
      ...(options.requestedScopes ? { requestedScopes: options.requestedScopes } : {}),
    });
  } catch (error) {
    // parseTokenResponse quotes short values (token_type, expires_in); a server echoing what
    // it was sent would put a secret there.
    const e = error as InvalidTokenResponseError;
    throw new InvalidTokenResponseError(redact(e.message, secrets), { hint: e.hint });
  }
}

/** An RFC 6749 §5.2 body, when the text is one; anything else is quoted as the server sent it. */
function parseOAuthErrorBody(text: string): { error: string; error_description?: string; error_uri?: string } | undefined {
  try {
    const value = parseJsonLenient(text);
    return isOAuthErrorBody(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
