import type { FetchLike } from "../auth-fetch.js";
import type { Logger } from "../clock.js";
import { type AuthError, TokenEndpointError } from "../errors.js";
import type { Secret } from "../secret.js";
import { checkEndpointUrl } from "../url-policy.js";
import { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError, readBoundedText } from "./bounded-body.js";
import { networkFailure } from "./network-failure.js";
import { describeRedirect } from "./redirect-refusal.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * Retry policy of a credential request. A number is `limit`. `delay`, `backoffLimit`,
 * `jitter` and `maxRetryAfter` have ky's meaning; `budget` bounds the whole call.
 */
export type RetryPolicy =
  | number
  | {
      /** Retries after the first attempt. Default 2. */
      limit?: number;
      /** Backoff before retry `attemptCount` (from 1), ms. Default `0.3 s × 2^(n-1)`. */
      delay?: (attemptCount: number) => number;
      /** Upper bound of one backoff, ms. Default 10 000. */
      backoffLimit?: number;
      /** `true` (default): full jitter, a random delay in [0, backoff]; or a function of the backoff. */
      jitter?: boolean | ((delay: number) => number);
      /** A `Retry-After` longer than this (ms) is not waited for: the call fails at once saying when to retry. Default 60 000. */
      maxRetryAfter?: number;
      /**
       * Total time for all attempts and the waits between them, ms. Default 60 000 (or
       * `timeout`, when longer). A wait
       * that would end past it is not started: the call fails with the last error, or for a
       * `Retry-After` beyond it, with a {@link RetryLaterError} saying when to try again.
       */
      budget?: number;
    };

/** What an {@link ExchangeOptions.onRetry} hook hears before each wait. */
export interface RetryNotice {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** Attempts allowed in all (1 + retries). */
  attempts: number;
  /** How long the client now waits, ms. */
  delayMs: number;
  /** Why: an HTTP status (`"503"`), `"timeout"` or `"network"`. */
  reason: string;
  /** True when the server asked for the delay (`Retry-After`). */
  serverAsked: boolean;
  /** What is being asked, e.g. `the token endpoint auth.example.com`. */
  what: string;
}

/** A one-line message for a {@link RetryNotice}, e.g. for a CLI or a log. */
export function describeRetry(n: RetryNotice): string {
  const why = n.reason === "timeout" ? "did not answer in time" : n.reason === "network" ? "could not be reached" : `answered ${n.reason}`;
  const wait = n.delayMs >= 1000 ? `${Math.round(n.delayMs / 1000)} s` : `${n.delayMs} ms`;
  return `${cap(n.what)} ${why}; waiting ${wait}${n.serverAsked ? " as it asks (Retry-After)" : ""} before attempt ${n.attempt + 1} of ${n.attempts}.`;
}

/** An `onRetry` hook that tells a {@link Logger} (as a warning: the call goes on). */
export const retryLogger =
  (logger: Logger | undefined): ((n: RetryNotice) => void) | undefined =>
    logger ? (n) => logger.warn(describeRetry(n)) : undefined;

/** The server asks to retry later than the retry budget allows (`Retry-After`, RFC 9110 §10.2.3). */
export class RetryLaterError extends TokenEndpointError {
  /** When the server says to try again, epoch ms. */
  readonly retryAt: number;
  constructor(message: string, retryAt: number, status: number) {
    super(message, { status, hint: `The provider is rate limiting or down for maintenance: try again after ${new Date(retryAt).toISOString()}.` });
    this.retryAt = retryAt;
  }
}

export interface ExchangeOptions {
  /** Where the request goes; checked here too (`checkEndpointUrl`): no credential over plain `http://`. */
  url: URL;
  /** Allow `http://` to a non-loopback host. */
  allowInsecure?: boolean;
  method?: "POST" | "GET";
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  fetch?: FetchLike;
  /** Deadline of each attempt, headers and body together, ms. Default 10 000. */
  timeout?: number;
  retry?: RetryPolicy;
  /** Larger bodies are a `response_too_large` error. Default 1 MiB. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
  /** For messages, e.g. `the token endpoint auth.example.com` (no query: it may hold anything). */
  what: string;
  /** Values to redact from any quoted error text. */
  secrets?: Iterable<string | Secret | undefined>;
  /** Told before each wait between attempts (so a CLI can say it is waiting). */
  onRetry?: (notice: RetryNotice) => void;
}

/** A final response, body read within the bound and the deadline. */
export interface ExchangeResult {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
// Statuses whose Retry-After is honoured (RFC 9110 §10.2.3 for 503, RFC 6585 §4 for 429).
const RETRY_AFTER_STATUS = new Set([429, 503]);

type Outcome = { ok: true; result: ExchangeResult } | { ok: false; error: AuthError; retryable: boolean };

/**
 * One credential exchange, hardened against hostile servers: redirects are never followed (a
 * 3xx is a `redirect` error naming only the target's origin), each attempt has one deadline
 * for headers and body, bodies are read up to a bound, and retries (408/429/5xx, timeouts,
 * network failures; backoff with jitter, `Retry-After` honoured) stay within a total budget.
 * Returns the final response (2xx or not) with its text; throws a typed error otherwise.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3 (Retry-After)
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.11 (open redirectors; credentials never follow)
 */
export async function boundedExchange(options: ExchangeOptions): Promise<ExchangeResult> {
  const policy = typeof options.retry === "number" ? { limit: options.retry } : (options.retry ?? {});
  const limit = Math.max(0, policy.limit ?? 2);
  const maxRetryAfter = policy.maxRetryAfter ?? 60_000;
  const timeout = options.timeout ?? 10_000;
  // By default at least one whole attempt: a caller's long `timeout` is never cut short.
  const budget = policy.budget ?? Math.max(60_000, timeout);
  // Every URL a request is actually sent to passes the http:// rule (redirects are not followed).
  checkEndpointUrl(options.url, cap(options.what), options.allowInsecure);
  const started = Date.now();
  const left = () => budget - (Date.now() - started);
  for (let attempt = 1; ; attempt++) {
    const attemptMs = Math.max(1, Math.min(timeout, left()));
    const outcome = await attemptOnce(options, attemptMs, attempt);
    const canRetry = attempt <= limit;
    let wait: number;
    let reason: string;
    let serverAsked = false;
    if (outcome.ok) {
      const { status, headers } = outcome.result;
      if (!RETRY_STATUS.has(status) || !canRetry) return outcome.result;
      reason = String(status);
      const after = RETRY_AFTER_STATUS.has(status) ? parseRetryAfter(headers.get("retry-after"), Date.now()) : undefined;
      if (after !== undefined) {
        if (after > maxRetryAfter || after > left()) throw retryLater(options.what, outcome.result, after, Math.min(left(), maxRetryAfter));
        wait = after;
        serverAsked = true;
      } else wait = backoff(policy, attempt);
    } else {
      if (!outcome.retryable || !canRetry) throw outcome.error;
      reason = outcome.error.code;
      wait = backoff(policy, attempt);
    }
    if (wait >= left()) {
      if (outcome.ok) return outcome.result;
      throw outcome.error;
    }
    try {
      options.onRetry?.({ attempt, attempts: limit + 1, delayMs: Math.round(wait), reason, serverAsked, what: options.what });
    } catch {
      /* a logging hook must not break the request */
    }
    await sleep(wait, options.signal);
  }
}

async function attemptOnce(options: ExchangeOptions, attemptMs: number, attempt: number): Promise<Outcome> {
  const { url, what, signal } = options;
  const secrets = [...(options.secrets ?? [])];
  const deadline = AbortSignal.timeout(attemptMs);
  const combined = signal ? AbortSignal.any([deadline, signal]) : deadline;
  const transport: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let headersArrived = false;
  try {
    const response = await transport(url.href, {
      method: options.method ?? "POST",
      headers: options.headers ?? {},
      ...(options.body === undefined ? {} : { body: options.body }),
      // Never follow: a 307/308 would re-send the credentials to whatever origin it names.
      redirect: "manual",
      signal: combined,
    });
    headersArrived = true;
    const refusal = describeRedirect(response, url, what);
    if (refusal) {
      await response.body?.cancel().catch(() => {});
      return { ok: false, error: refusal, retryable: false };
    }
    const text = await readBoundedText(response, { maxBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, signal: combined, what: cap(what) });
    return { ok: true, result: { status: response.status, statusText: response.statusText, headers: response.headers, text } };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof ResponseTooLargeError) {
      return { ok: false, error: new TokenEndpointError(error.message, { code: "response_too_large", hint: error.hint }), retryable: false };
    }
    const name = error instanceof Error || error instanceof DOMException ? error.name : "";
    if (deadline.aborted || name === "TimeoutError") {
      const message = headersArrived
        ? `${cap(what)} did not finish its response within ${attemptMs} ms (the body was still arriving)`
        : `${cap(what)} did not answer within ${attemptMs} ms`;
      return {
        ok: false,
        error: new TokenEndpointError(`${message}${attempt > 1 ? ` (attempt ${attempt})` : ""}.`, {
          code: "timeout",
          hint: "The provider is slow, unreachable or sends a body that never ends; check the network and the base URL, or raise the timeout option.",
        }),
        retryable: true,
      };
    }
    const failure = networkFailure(error, what, secrets, (code, message, hint) => new TokenEndpointError(message, { code, hint }));
    return { ok: false, error: failure, retryable: failure.code === "network" };
  }
}

function backoff(policy: Exclude<RetryPolicy, number>, attempt: number): number {
  const base = Math.min(policy.delay ? policy.delay(attempt) : 300 * 2 ** (attempt - 1), policy.backoffLimit ?? 10_000);
  const jitter = policy.jitter ?? true;
  const d = jitter === true ? Math.random() * base : typeof jitter === "function" ? jitter(base) : base;
  return Number.isFinite(d) && d > 0 ? d : 0;
}

// `willWaitMs`: the longest wait this client would still take (what is left of the budget, or maxRetryAfter).
function retryLater(what: string, result: ExchangeResult, afterMs: number, willWaitMs: number): RetryLaterError {
  const retryAt = Date.now() + afterMs;
  const seconds = Math.ceil(afterMs / 1000);
  return new RetryLaterError(
    `${cap(what)} answered ${result.status}${result.statusText ? ` ${result.statusText}` : ""} and asks to retry after ${new Date(retryAt).toISOString()} (in ${seconds} s), longer than this client waits (${Math.max(0, Math.floor(willWaitMs / 1000))} s, from retry.budget and maxRetryAfter); not waiting.`,
    retryAt,
    result.status,
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
