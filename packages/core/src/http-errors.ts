import { type AuthError, OAuthError, TokenEndpointError } from "./errors.js";
import { dropHead, dropTags } from "./html-text.js";
import { type Redactable, redact, Secret } from "./secret.js";

const CREDENTIAL_FIELD =
  /(?<![A-Za-z0-9_])((?:access|refresh|id|oauth)_token|(?:oauth_)?token_secret|client_secret|password)("?\s*[:=]\s*"?)(?:\\.|[^"\s&,}\\])+/gi;

/**
 * How much of a body an excerpt looks at. An excerpt quotes 160 characters; the window leaves
 * room for an HTML page's head and scripts before its text, and bounds the work on a huge body.
 */
export const EXCERPT_WINDOW = 64 * 1024;

/**
 * A short, secret-free excerpt of a response body for an error message: whitespace
 * collapsed, HTML tags dropped, known secret values (in any encoding, see {@link redact}) and
 * the values of credential-named fields replaced, at most `max` characters. Looks at the first
 * {@link EXCERPT_WINDOW} characters only, and redacts all of them before cutting anything.
 */
export function bodyExcerpt(text: string, secrets: Iterable<Redactable> = [], max = 160): string {
  const list = [...secrets];
  // Known values go first, while the text is as the server sent it: dropping tags and
  // collapsing whitespace would turn a secret containing "<", ">" or a tab into a near copy
  // that no longer matches (and again at the end, for one the stripping joined up).
  let raw = redact(text.length > EXCERPT_WINDOW ? text.slice(0, EXCERPT_WINDOW) : text, list);
  // The window may end inside a secret, whose start then went unrecognised: drop as many
  // characters as the longest encoded form of a secret could have (16 per character: three
  // UTF-8 bytes as `%25XX` each, or a `\uXXXX` / `&#x10FFFF;` reference).
  if (text.length > EXCERPT_WINDOW) raw = raw.slice(0, Math.max(0, raw.length - 16 * longestSecret(list)));
  // An HTML error page repeats its <title> in the body: quote the body, the title only when
  // the body says nothing.
  let t = dropTags(dropHead(raw));
  if (!t.trim()) t = dropTags(raw);
  // A broken 2xx body can still carry a token we were never told about (`{"access_token":"..."`,
  // cut off): drop the value of any credential-named field, in JSON or form encoding.
  t = t.replace(CREDENTIAL_FIELD, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
  t = redact(t.replace(/\s+/g, " ").trim(), list);
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

function longestSecret(secrets: Redactable[]): number {
  let n = 0;
  for (const s of secrets) {
    const v = s instanceof Secret ? s.reveal() : typeof s === "string" ? s : s ? `${s.basic[0]}:${Secret.from(s.basic[1]).reveal()}` : "";
    n = Math.max(n, v.length); // a Basic pair's Base64 is shorter than 16 times its length too
  }
  return n;
}

/** True for an RFC 6749 §5.2 error body. */
export function isOAuthErrorBody(value: unknown): value is { error: string; error_description?: string; error_uri?: string } {
  return !!value && typeof value === "object" && typeof (value as { error?: unknown }).error === "string";
}

/** Map an RFC 6749 §5.2 body to an {@link OAuthError}, keeping only string fields. */
export function oauthErrorFromBody(
  body: { error: string; error_description?: unknown; error_uri?: unknown },
  status: number | undefined,
  secrets: Iterable<Redactable> = [],
  hint?: string,
): OAuthError {
  const list = [...secrets];
  const fields: { error: string; error_description?: string; error_uri?: string } = { error: bodyExcerpt(body.error, list, 60) };
  if (typeof body.error_description === "string") fields.error_description = bodyExcerpt(body.error_description, list, 300);
  if (typeof body.error_uri === "string") fields.error_uri = bodyExcerpt(body.error_uri, list, 300);
  // AuthError leaves an undefined status or hint unset.
  return new OAuthError(fields, { status, hint });
}

/** Error for a non-OAuth failure response: quotes the status and an excerpt; `hint` replaces the generic one. */
export function endpointErrorFromResponse(
  what: string,
  status: number,
  statusText: string,
  contentType: string | null,
  text: string,
  secrets: Iterable<Redactable> = [],
  hint?: string,
): AuthError {
  const excerpt = bodyExcerpt(text, secrets);
  const type = contentType ? contentType.split(";")[0] : "no content type";
  const retryable = status === 408 || status === 429 || status >= 500;
  return new TokenEndpointError(`${what} answered ${status}${statusText ? ` ${statusText}` : ""} (${type})${excerpt ? `: "${excerpt}"` : " with an empty body"}`, {
    status,
    hint:
      hint ??
      (retryable
        ? "The provider is unavailable or rate limiting; retries were exhausted. Try again later."
        : "Check the base URL and credentials; this response is not an OAuth error, so the URL may point at the wrong server."),
  });
}
