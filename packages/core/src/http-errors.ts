import { type AuthError, OAuthError, TokenEndpointError } from "./errors.js";
import { redact, type Secret } from "./secret.js";

const CREDENTIAL_FIELD =
  /(?<![A-Za-z0-9_])((?:access|refresh|id|oauth)_token|(?:oauth_)?token_secret|client_secret|password)("?\s*[:=]\s*"?)(?:\\.|[^"\s&,}\\])+/gi;

/**
 * A short, secret-free excerpt of a response body for an error message: whitespace
 * collapsed, HTML tags dropped, known secret values replaced, at most `max` characters.
 */
export function bodyExcerpt(text: string, secrets: Iterable<string | Secret | undefined> = [], max = 160): string {
  const tags = (html: string) => html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ");
  // Known values go first, while the text is as the server sent it: dropping tags and
  // collapsing whitespace would turn a secret containing "<", ">" or a tab into a near copy
  // that no longer matches (and again at the end, for one the stripping joined up).
  const raw = redact(text, secrets);
  // An HTML error page repeats its <title> in the body: quote the body, the title only when
  // the body says nothing.
  let t = tags(raw.replace(/<head[\s>][\s\S]*?<\/head>/i, " "));
  if (!t.trim()) t = tags(raw);
  // A broken 2xx body can still carry a token we were never told about (`{"access_token":"..."`,
  // cut off): drop the value of any credential-named field, in JSON or form encoding.
  t = t.replace(CREDENTIAL_FIELD, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
  t = redact(t.replace(/\s+/g, " ").trim(), secrets);
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** True for an RFC 6749 §5.2 error body. */
export function isOAuthErrorBody(value: unknown): value is { error: string; error_description?: string; error_uri?: string } {
  return !!value && typeof value === "object" && typeof (value as { error?: unknown }).error === "string";
}

/** Map an RFC 6749 §5.2 body to an {@link OAuthError}, keeping only string fields. */
export function oauthErrorFromBody(
  body: { error: string; error_description?: unknown; error_uri?: unknown },
  status: number | undefined,
  secrets: Iterable<string | Secret | undefined> = [],
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
  secrets: Iterable<string | Secret | undefined> = [],
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
