import { AuthError, type AuthErrorOptions, bodyExcerpt, networkFailure, ResponseTooLargeError, readBoundedText, redact, type Secret } from "@auth/core";

/**
 * A temporary access token is past its 30-day validity (docs/providers.md#bynder-tokens). Thrown
 * before sending a request the server would refuse.
 */
export class TokenExpiredError extends AuthError {
  /** When the token expired, epoch ms. */
  readonly expiresAt: number;
  constructor(expiresAt: number, options: AuthErrorOptions = {}) {
    super("token_expired", `The Bynder access token expired at ${new Date(expiresAt).toISOString()} (temporary tokens are valid for 30 days).`, {
      hint: "Run the login again (auth.login() with createBynderAuth from @auth/bynder/node, or `auth-token bynder login`) to get a new token, or use a permanent token created in the portal (your-bynder-domain/pysettings > API tokens).",
      ...options,
    });
    this.expiresAt = expiresAt;
  }
}

/** Where a 401 came from: the three handshake endpoints or an API call. */
export type UnauthorizedPhase = "request_token" | "access_token" | "api";

/**
 * Bynder answered 401. OAuth 1.0a tokens cannot be refreshed, so nothing is retried; the
 * hint lists the likely causes the Bynder document gives for this step.
 */
export class UnauthorizedError extends AuthError {
  /** `oauth_problem` when the server sent one (OAuth Problem Reporting), e.g. `signature_invalid`. */
  readonly problem?: string;
  /** Server time (its `Date` header) minus this client's clock, ms, when the header was present. */
  readonly clockSkewMs?: number;
  /** The base string the server says it computed (some servers, and the emulator, send it), token key redacted. */
  readonly serverBaseString?: string;
  readonly phase: UnauthorizedPhase;

  constructor(
    message: string,
    fields: { phase: UnauthorizedPhase; problem?: string; clockSkewMs?: number; serverBaseString?: string },
    options: AuthErrorOptions = {},
  ) {
    super("unauthorized", message, { status: 401, ...options });
    this.phase = fields.phase;
    if (fields.problem !== undefined) this.problem = fields.problem;
    if (fields.clockSkewMs !== undefined) this.clockSkewMs = fields.clockSkewMs;
    if (fields.serverBaseString !== undefined) this.serverBaseString = fields.serverBaseString;
  }
}

const SKEW_LIMIT_MS = 5 * 60_000;

const PHASE_CAUSES: Record<UnauthorizedPhase, string> = {
  // docs/providers.md#bynder-handshake, step 1: signed "by using only the consumer key/secret pair".
  request_token: "Check the consumer key and secret (your-bynder-domain/pysettings > API tokens): they are wrong, or the consumer was deleted.",
  // Step 3: signed with the consumer and the request token; the request token is valid for 10
  // minutes and is expired as soon as a handshake completes.
  access_token:
    "The request token was not authorised in the browser yet, is older than 10 minutes, or was already exchanged; start the login again. Also check the consumer key and secret.",
  // "Types of Tokens" and "Consumers and Tokens".
  api: "Likely causes: the token expired (temporary tokens last 30 days) or was revoked in the portal (your-bynder-domain/pysettings > API tokens); the token belongs to another consumer (a token is coupled with a consumer); or the token's user lacks the permission for this call (a token acts with its user's permissions).",
};

const PROBLEM_HINTS: Record<string, string> = {
  timestamp_refused: "The server refused the request's timestamp: this machine's clock is probably wrong. Synchronise it (NTP); OAuth 1.0a timestamps must be within minutes of the server's time.",
  nonce_used: "The server saw this nonce before (a replayed request). Do not resend a signed request as is; sign it again.",
  signature_invalid: "The signature did not match: the consumer secret or token secret is wrong, or a proxy changed the URL or form body after signing. Compare the error's serverBaseString with the request you sent.",
  consumer_key_unknown: "The consumer key is unknown: check it in your-bynder-domain/pysettings > API tokens.",
  consumer_key_rejected: "The consumer was rejected (disabled or deleted): check it in your-bynder-domain/pysettings > API tokens.",
  token_expired: "The token has expired: run the login again.",
  token_rejected: "The token was rejected (unknown, revoked, or not coupled with this consumer).",
  token_used: "The request token was already exchanged for an access token: start the login again.",
  permission_denied: "The token's user lacks the permission for this call: tokens act with the permissions of the user they belong to.",
};

/**
 * Build an {@link UnauthorizedError} from a 401 response: reads `oauth_problem` (form or
 * JSON), the server's base string when given, and the `Date` header to detect a wrong clock.
 * Every printed value passes through the redaction of `secrets`.
 */
export async function unauthorizedFromResponse(
  response: Response,
  context: { phase: UnauthorizedPhase; what: string; now: number; secrets: Iterable<string | Secret | undefined>; timeoutMs?: number },
): Promise<UnauthorizedError> {
  const secrets = [...context.secrets];
  const text = await readExplanation(response, context.what, secrets, context.timeoutMs ?? 10_000);
  let problem: string | undefined;
  let base: string | undefined;
  let advice: string | undefined;
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const v = JSON.parse(trimmed) as Record<string, unknown>;
      if (typeof v.oauth_problem === "string") problem = v.oauth_problem;
      if (typeof v.oauth_signature_base_string === "string") base = v.oauth_signature_base_string;
      if (typeof v.message === "string") advice = v.message;
    } catch {
      /* not JSON */
    }
  } else if (/(^|&)oauth_problem=/.test(trimmed)) {
    const form = new URLSearchParams(trimmed);
    problem = form.get("oauth_problem") ?? undefined;
    base = form.get("oauth_signature_base_string") ?? undefined;
    advice = form.get("oauth_problem_advice") ?? undefined;
  }
  if (problem) problem = bodyExcerpt(problem, secrets, 60);
  let clockSkewMs: number | undefined;
  const date = Date.parse(response.headers.get("date") ?? "");
  if (Number.isFinite(date)) {
    // Date has one-second resolution; only a skew well beyond that is meaningful.
    clockSkewMs = date - context.now;
  }
  const skewed = clockSkewMs !== undefined && Math.abs(clockSkewMs) > SKEW_LIMIT_MS;
  const hints: string[] = [];
  if (skewed) {
    const minutes = Math.round(Math.abs(clockSkewMs!) / 60_000);
    hints.push(
      `This machine's clock is ${minutes} minutes ${clockSkewMs! > 0 ? "behind" : "ahead of"} the server's: OAuth 1.0a timestamps must be close to the server's time. Synchronise the clock (NTP).`,
    );
  }
  if (problem && PROBLEM_HINTS[problem] && !(skewed && problem === "timestamp_refused")) hints.push(PROBLEM_HINTS[problem]!);
  hints.push(PHASE_CAUSES[context.phase]);
  const detail = problem ? ` (${problem})` : advice ? `: "${bodyExcerpt(advice, secrets, 200)}"` : text && !base ? `: "${bodyExcerpt(text, secrets)}"` : "";
  const fields: { phase: UnauthorizedPhase; problem?: string; clockSkewMs?: number; serverBaseString?: string } = { phase: context.phase };
  if (problem) fields.problem = problem;
  if (clockSkewMs !== undefined) fields.clockSkewMs = clockSkewMs;
  if (base) fields.serverBaseString = redactAll(base, secrets);
  return new UnauthorizedError(`${context.what} answered 401 Unauthorized${detail}.`, fields, { hint: hints.join(" ") });
}

// The base string carries the token key (never a secret in OAuth 1.0a, but stores treat it as
// the access token, so it is not printed either), possibly percent-encoded once or twice:
// core's redact covers those forms.
function redactAll(text: string, secrets: (string | Secret | undefined)[]): string {
  const out = redact(text, secrets);
  return out.length > 4000 ? `${out.slice(0, 4000)}…` : out;
}

const EXPLANATION_MAX_BYTES = 64 * 1024;

/**
 * The 401 body, read within a deadline and at most 64 KiB: a body that never ends or trickles
 * is a `timeout` error, a dropped connection a `network` one; a larger body is not explained
 * (the 401 still is).
 */
async function readExplanation(response: Response, what: string, secrets: (string | Secret | undefined)[], timeoutMs: number): Promise<string> {
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    return await readBoundedText(response, { maxBytes: EXPLANATION_MAX_BYTES, signal: deadline, what });
  } catch (error) {
    if (error instanceof ResponseTooLargeError) return "";
    if (deadline.aborted) {
      throw new AuthError("timeout", `${what} answered 401 Unauthorized, but its body did not arrive within ${timeoutMs} ms.`, {
        status: 401,
        hint: "The server or a proxy is slow or sends a body that never ends; check the base URL and the network, or raise the timeout option.",
      });
    }
    throw networkFailure(error, what, secrets, (code, message, hint) => new AuthError(code, message, { status: 401, hint }));
  }
}
