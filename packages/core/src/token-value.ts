import { InvalidTokenResponseError } from "./errors.js";

/**
 * Which characters a token may hold, checked where it is parsed (a token response, a redirect,
 * a store), so that a token that cannot be sent is refused there, as a typed error that quotes
 * nothing of it, instead of failing later in every request with a `TypeError` that prints it.
 *
 * - `header` (access tokens, OAuth 1.0a `oauth_token`): visible ASCII, U+0021–U+007E. RFC 6750
 *   §2.1's `b64token` (`1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`) is
 *   stricter, but real providers send other visible characters; every visible ASCII character
 *   is valid in an HTTP field value (RFC 9110 §5.5). Space, CR, LF, NUL, other controls, DEL
 *   and non-ASCII are refused: they break the `Authorization` header or cannot be sent at all.
 * - `vschar` (refresh tokens, OAuth 1.0a token secrets, which travel in a form body or a
 *   signing key): RFC 6749 Appendix A.17 `1*VSCHAR`, U+0020–U+007E.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#appendix-A.17
 */
export type TokenCharset = "header" | "vschar";

/**
 * What is wrong with a token value, without quoting it (`"contains a line feed (U+000A) at
 * position 12"`), or `undefined` when it is fine. One pass over the characters.
 */
export function tokenValueProblem(value: string, charset: TokenCharset = "header"): string | undefined {
  if (value.length === 0) return "is empty";
  const low = charset === "header" ? 0x21 : 0x20;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < low || c > 0x7e) return `contains ${describe(c)} at position ${i + 1} of ${value.length}`;
  }
  return undefined;
}

const NAMES: Record<number, string> = { 0: "a NUL", 9: "a tab", 10: "a line feed", 13: "a carriage return", 32: "a space", 127: "a DEL" };

function describe(c: number): string {
  const code = `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
  if (Object.hasOwn(NAMES, c)) return `${NAMES[c]} (${code})`;
  return c < 0x20 ? `a control character (${code})` : "a non-ASCII character";
}

/**
 * Throw an {@link InvalidTokenResponseError} when `value` is not a usable token: `field` names
 * it (`access_token`), `source` says where it came from (`The token response`). The error
 * never contains the value.
 */
export function checkTokenValue(value: string, field: string, source: string, charset: TokenCharset = "header"): void {
  const problem = tokenValueProblem(value, charset);
  if (problem === undefined) return;
  throw new InvalidTokenResponseError(`${source}'s ${field} ${problem}, so it cannot be sent in an HTTP request.`, {
    hint:
      charset === "header"
        ? "A token must be visible ASCII (RFC 6750 §2.1): the server sent a malformed one. Check the base URL points at the right server, or log in again."
        : "A token must be printable ASCII (RFC 6749 Appendix A): the server sent a malformed one. Check the base URL points at the right server, or log in again.",
  });
}
