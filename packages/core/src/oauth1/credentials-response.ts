/**
 * RFC 5849 §2.1 and §2.3 responses: the server answers a temporary credentials or token
 * credentials request with an `application/x-www-form-urlencoded` body carrying
 * `oauth_token` and `oauth_token_secret` (and, for §2.1, `oauth_callback_confirmed=true`).
 * Parsed with core's linear form parser (URLSearchParams is quadratic on `&a&a&a…`); every
 * failure is an {@link InvalidTokenResponseError} that quotes no value.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
 */
import { InvalidTokenResponseError } from "../errors.js";
import { parseFormParams } from "../form-params.js";
import { Secret } from "../secret.js";
import { checkTokenValue } from "../token-value.js";

/** Credentials a server issued (§2.1 temporary, §2.3 token credentials). */
export interface OAuth1CredentialsResponse {
  /** `oauth_token`: goes into every `Authorization` header, so checked to be header-safe. */
  readonly key: string;
  /** `oauth_token_secret`: half of the signing key (§3.4.2). */
  readonly secret: Secret;
  /** `oauth_callback_confirmed` (§2.1): true only when the server sent the value `true`. */
  readonly callbackConfirmed: boolean;
  /** Any other parameters of the response (provider extras such as `user_id`), decoded; first occurrence wins. */
  readonly extra: Readonly<Record<string, string>>;
}

export interface ParseCredentialsOptions {
  /** For messages, e.g. `the token credentials endpoint api.example.com` (no query). */
  what: string;
  /** §2.1: refuse a response without `oauth_callback_confirmed=true` (a callback was sent). Default false. */
  requireCallbackConfirmed?: boolean;
  /** Also accept a JSON object with the same fields (some servers answer JSON). Default false. */
  acceptJson?: boolean;
  /** Said in the hint of every error, e.g. how to check the endpoint URL. */
  hint?: string;
}

const DEFAULT_HINT = "Check the endpoint URL: it should answer oauth_token=…&oauth_token_secret=… (RFC 5849 §2.1 / §2.3).";

function fromJson(text: string): [string, string][] {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return [];
    const out: [string, string][] = [];
    for (const [k, v] of Object.entries(value)) if (typeof v === "string" || typeof v === "boolean") out.push([k, String(v)]);
    return out;
  } catch {
    return []; // reported below as a response without the two fields
  }
}

/**
 * Parse a §2.1 / §2.3 response body. Requires a non-empty `oauth_token` and
 * `oauth_token_secret`; the token must be header-safe (visible ASCII: it is sent in every
 * `Authorization` header), the secret visible ASCII (RFC 6749 VSCHAR: it goes into the signing key).
 */
export function parseCredentialsResponse(text: string, options: ParseCredentialsOptions): OAuth1CredentialsResponse {
  const hint = options.hint ?? DEFAULT_HINT;
  const trimmed = text.trim();
  const pairs = options.acceptJson && trimmed.startsWith("{") ? fromJson(trimmed) : parseFormParams(trimmed);
  const fields: Record<string, string> = Object.create(null);
  for (const [name, value] of pairs) if (!(name in fields)) fields[name] = value;
  const key = fields.oauth_token;
  const secret = fields.oauth_token_secret;
  if (!key || !secret) {
    throw new InvalidTokenResponseError(`${options.what} answered without ${key ? "oauth_token_secret" : secret ? "oauth_token" : "oauth_token and oauth_token_secret"}.`, { hint });
  }
  // Refused here, quoting nothing of them: a value that cannot go into a header or a key.
  checkTokenValue(key, "oauth_token", options.what);
  checkTokenValue(secret, "oauth_token_secret", options.what, "vschar");
  const callbackConfirmed = fields.oauth_callback_confirmed === "true";
  if (options.requireCallbackConfirmed && !callbackConfirmed) {
    throw new InvalidTokenResponseError(`${options.what} did not confirm the callback (oauth_callback_confirmed=true is missing).`, {
      hint: "The server may implement OAuth 1.0 without the 1.0a callback fix (RFC 5849 §2.1); pass requireCallbackConfirmed: false only if its documentation says so.",
    });
  }
  const extra: Record<string, string> = {};
  for (const name in fields) if (name !== "oauth_token" && name !== "oauth_token_secret" && name !== "oauth_callback_confirmed") extra[name] = fields[name]!;
  return Object.freeze({ key, secret: new Secret(secret), callbackConfirmed, extra: Object.freeze(extra) });
}
