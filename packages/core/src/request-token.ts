import ky, { isHTTPError, isNetworkError, isTimeoutError, type RetryOptions } from "ky";
import { type AccessToken, parseJsonLenient, parseTokenResponse } from "./access-token.js";
import type { FetchLike } from "./auth-fetch.js";
import { base64Utf8 } from "./base64.js";
import { type Clock, systemClock } from "./clock.js";
import { AuthError, InvalidTokenResponseError, type OAuthError, TokenEndpointError } from "./errors.js";
import { bodyExcerpt, endpointErrorFromResponse, isOAuthErrorBody, oauthErrorFromBody } from "./http-errors.js";
import { redact, Secret } from "./secret.js";
import { checkEndpointUrl } from "./url-policy.js";

/**
 * How the client authenticates to the token endpoint (RFC 6749 §2.3.1).
 * - `basic` with `encoding: "rfc6749"` (default): form-urlencode id and secret, then Base64.
 * - `basic` with `encoding: "raw"`: Base64 of `id:secret` as is, which some providers document.
 * - `post`: `client_id` and `client_secret` in the form body.
 */
export type ClientAuthentication =
  | { method: "basic"; clientId: string; clientSecret: string | Secret; encoding?: "rfc6749" | "raw" }
  | { method: "post"; clientId: string; clientSecret: string | Secret }
  | { method: "none"; clientId?: string };

/** Retry policy: attempts after the first, and backoff bounds (ms). */
export type RetryPolicy = number | Pick<RetryOptions, "limit" | "backoffLimit" | "maxRetryAfter" | "delay" | "jitter">;

export interface RequestTokenOptions {
  /** The token endpoint. */
  url: string | URL;
  /** Form parameters, e.g. `{ grant_type: "client_credentials" }`. */
  params: Record<string, string> | URLSearchParams;
  clientAuth?: ClientAuthentication;
  /** Per-attempt timeout in ms. Default 10 000. */
  timeout?: number;
  /** Retries for 408, 429, 5xx, timeouts and network errors. Default 2 (3 attempts). */
  retry?: RetryPolicy;
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

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
export const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/** The `Authorization: Basic` value for a client (RFC 7617, RFC 6749 §2.3.1). */
export function basicAuthorization(clientId: string, clientSecret: string | Secret, encoding: "rfc6749" | "raw" = "rfc6749"): string {
  const secret = Secret.from(clientSecret).reveal();
  const pair = encoding === "raw" ? `${clientId}:${secret}` : `${formEncode(clientId)}:${formEncode(secret)}`;
  return `Basic ${base64Utf8(pair)}`;
}

/**
 * POST to a token endpoint and return the parsed {@link AccessToken}: one function for every
 * grant. Retries with exponential backoff and jitter on 408/429/5xx, timeouts and network
 * errors, honouring `Retry-After` (RFC 9110 §10.2.3); never retries other 4xx. Every failure
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
  const auth = options.clientAuth;
  const secrets: (string | Secret | undefined)[] = [];
  if (auth?.method === "basic") {
    headers.authorization = basicAuthorization(auth.clientId, auth.clientSecret, auth.encoding);
    secrets.push(auth.clientSecret, headers.authorization.slice(6));
  } else if (auth?.method === "post") {
    body.set("client_id", auth.clientId);
    body.set("client_secret", Secret.from(auth.clientSecret).reveal());
    secrets.push(auth.clientSecret);
  } else if (auth?.method === "none" && auth.clientId) {
    body.set("client_id", auth.clientId);
  }
  for (const k of ["code", "refresh_token", "code_verifier", "password"]) secrets.push(body.get(k) ?? undefined);
  const timeout = options.timeout ?? 10_000;
  const retry: RetryOptions = {
    limit: 2,
    backoffLimit: 10_000,
    maxRetryAfter: 60_000,
    jitter: true,
    ...(typeof options.retry === "number" ? { limit: options.retry } : options.retry),
    methods: ["post"],
    statusCodes: [408, 429, 500, 502, 503, 504],
    afterStatusCodes: [429, 503],
    retryOnTimeout: true,
  };
  const hint = (key: string) => options.hints?.[key];
  let response: Response;
  try {
    response = await ky.post(url, {
      body,
      headers,
      timeout,
      retry,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      // Only an RFC 6749 §5.2 body is worth parsing; any other is quoted as the server sent it.
      parseJson: (text) => {
        try {
          const value = parseJsonLenient(text);
          return isOAuthErrorBody(value) ? value : text;
        } catch {
          return text;
        }
      },
    });
  } catch (error) {
    if (isHTTPError(error)) {
      const r = error.response;
      if (isOAuthErrorBody(error.data)) {
        throw oauthErrorFromBody(error.data, r.status, secrets, hint(error.data.error) ?? hint(String(r.status)));
      }
      const text = typeof error.data === "string" ? error.data : "";
      throw endpointErrorFromResponse(`The token endpoint ${url.host}${url.pathname}`, r.status, r.statusText, r.headers.get("content-type"), text, secrets, hint(String(r.status)));
    }
    if (isTimeoutError(error)) {
      throw new TokenEndpointError(`The token endpoint ${url.host} did not answer within ${timeout} ms (after retries).`, {
        code: "timeout",
        hint: "The provider is slow or unreachable; check the network or raise the timeout option.",
      });
    }
    if (isNetworkError(error) || error instanceof TypeError) {
      const cause = (error as { cause?: { code?: string; cause?: { code?: string } } }).cause;
      const code = cause?.code ?? cause?.cause?.code;
      throw new TokenEndpointError(`Could not reach the token endpoint ${url.host}${code ? ` (${code})` : ""}.`, {
        code: "network",
        hint: "Check the base URL and that the provider is reachable from this machine.",
      });
    }
    if (error instanceof AuthError) throw error;
    if (error instanceof Error && error.name === "AbortError") throw error;
    // No `cause`: a ky error carries the request options, whose headers and body hold the
    // client credentials, and `util.inspect` of the cause would print them.
    // The message may quote what was sent (an invalid header value holds the Basic credentials).
    const detail = error instanceof Error ? redact(`${error.name}: ${error.message}`, secrets) : "unknown error";
    throw new TokenEndpointError(`The token request failed: ${detail}`, {
      hint: "Check the token endpoint URL and that the credentials contain no line breaks or control characters.",
    });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = parseJsonLenient(text);
  } catch {
    throw new InvalidTokenResponseError(
      `The token endpoint answered ${response.status} with ${response.headers.get("content-type")?.split(";")[0] ?? "no content type"} that is not JSON: "${bodyExcerpt(text, secrets)}"`,
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
