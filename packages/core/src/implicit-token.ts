import { type AccessToken, parseTokenResponse } from "./access-token.js";
import type { RedirectResult } from "./redirect.js";

/**
 * The access token of an implicit-grant redirect (RFC 6749 §4.2.2: `access_token`,
 * `token_type`, `expires_in`, `scope` in the fragment), or of a bare pasted token, read like a
 * token endpoint response: only `Bearer` is accepted, and a missing `scope` means the scopes
 * requested. The implicit grant issues no refresh token (§4.2.2), so such a token ends in
 * "log in again". RFC 9700 §2.1.2 advises against the grant; it is here for providers whose
 * documents describe only it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2.2
 */
export function implicitToken(result: RedirectResult, options: { now: number; requestedScopes: string[] }): AccessToken {
  const fields: Record<string, string> = { access_token: result.accessToken ?? "" };
  if (result.tokenType !== undefined) fields.token_type = result.tokenType;
  if (result.expiresIn !== undefined) fields.expires_in = result.expiresIn;
  if (result.scope !== undefined) fields.scope = result.scope;
  return parseTokenResponse(fields, { now: options.now, acceptTokenTypes: ["Bearer"], requestedScopes: options.requestedScopes });
}
