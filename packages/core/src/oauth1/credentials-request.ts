/**
 * The signed `POST` of RFC 5849 §2.1 and §2.3, shared by both: an OAuth 1.0a request
 * (§3.5.1 `Authorization` header) sent through core's bounded exchange (no redirect followed:
 * a signed credential request must not land elsewhere; one deadline for headers and body;
 * a size bound), the answer parsed by credentials-response.ts. No retry by default: the
 * server may have seen the nonce, and a temporary credential is single use (§2.3).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
import type { FetchLike } from "../auth-fetch.js";
import type { AuthError } from "../errors.js";
import { boundedExchange, type ExchangeResult, type RetryPolicy } from "../http/bounded-exchange.js";
import { endpointErrorFromResponse } from "../http-errors.js";
import { redact, type Secret } from "../secret.js";
import { type OAuth1CredentialsResponse, parseCredentialsResponse } from "./credentials-response.js";
import type { OAuth1Credentials, OAuth1Signer } from "./signer.js";

/** Transport options of the §2 requests (the defaults of core's bounded exchange). */
export interface OAuth1EndpointOptions {
  /** The signer of the consumer (its key and secret). */
  signer: OAuth1Signer;
  /** Default global fetch. */
  fetch?: FetchLike;
  /** Deadline covering headers and the whole body, ms. Default 10 000. */
  timeout?: number;
  /** Default 0 (no retry; see the file's comment). */
  retry?: RetryPolicy;
  /** Larger bodies are a `response_too_large` error. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Allow `http://` to a non-loopback host. */
  allowInsecure?: boolean;
  signal?: AbortSignal;
  /** For messages; default `the OAuth 1.0a endpoint {host}{path}`. */
  what?: string;
  /** Values to redact from any quoted error text (e.g. the consumer secret); the token sent is added here. */
  secrets?: Iterable<string | Secret | undefined>;
  /** Also accept a JSON answer with the same fields. Default false. */
  acceptJson?: boolean;
  /** Hint of a response without the credentials. */
  hint?: string;
  /**
   * Map a non-2xx answer to a typed error of the provider's (e.g. a 401 with `oauth_problem`);
   * `undefined` falls back to a {@link TokenEndpointError} quoting a redacted excerpt.
   */
  errorFromResponse?: (response: ExchangeResult, context: { what: string; secrets: (string | Secret | undefined)[] }) => Promise<AuthError | undefined> | AuthError | undefined;
}

/** The request of one §2 step: where, which token (none for §2.1), which protocol parameters. */
export interface CredentialsRequest {
  url: string;
  token?: OAuth1Credentials;
  /** `oauth_callback` (§2.1) or `oauth_verifier` (§2.3). */
  extra?: Readonly<Record<string, string>>;
  requireCallbackConfirmed?: boolean;
}

const ACCEPT = "application/x-www-form-urlencoded, application/json;q=0.9, */*;q=0.1";

/** Send one signed §2 request and parse its credentials. */
export async function requestCredentials(request: CredentialsRequest, options: OAuth1EndpointOptions): Promise<OAuth1CredentialsResponse> {
  const url = new URL(request.url);
  const what = options.what ?? `the OAuth 1.0a endpoint ${url.host}${url.pathname}`;
  const secrets: (string | Secret | undefined)[] = [...(options.secrets ?? [])];
  if (request.token) secrets.push(request.token.key, typeof request.token.secret === "string" ? request.token.secret : request.token.secret.reveal());
  for (const name in request.extra) if (name === "oauth_verifier") secrets.push(request.extra[name]);
  const authorization = options.signer.authorization({ method: "POST", url: request.url }, request.token, request.extra);
  const response = await boundedExchange({
    url,
    method: "POST",
    headers: { authorization, accept: ACCEPT },
    timeout: options.timeout ?? 10_000,
    retry: options.retry ?? 0,
    what,
    secrets,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.allowInsecure ? { allowInsecure: true } : {}),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status < 200 || response.status > 299) {
    const mapped = await options.errorFromResponse?.(response, { what, secrets });
    if (mapped) throw mapped;
    throw endpointErrorFromResponse(what, response.status, response.statusText, response.headers.get("content-type"), redact(response.text, secrets).slice(0, 16 * 1024), secrets);
  }
  return parseCredentialsResponse(response.text, {
    what,
    ...(request.requireCallbackConfirmed ? { requireCallbackConfirmed: true } : {}),
    ...(options.acceptJson ? { acceptJson: true } : {}),
    ...(options.hint === undefined ? {} : { hint: options.hint }),
  });
}
