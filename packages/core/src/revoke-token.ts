import { parseJsonLenient } from "./access-token.js";
import { applyClientAuthentication, type ClientAuthentication } from "./client-authentication.js";
import { boundedExchange, type ExchangeOptions } from "./http/bounded-exchange.js";
import { endpointErrorFromResponse, isOAuthErrorBody, oauthErrorFromBody } from "./http-errors.js";
import { Secret } from "./secret.js";
import { checkEndpointUrl } from "./url-policy.js";

/** Options of {@link revokeToken}. */
export interface RevokeTokenOptions extends Pick<ExchangeOptions, "fetch" | "timeout" | "retry" | "maxResponseBytes" | "signal" | "allowInsecure"> {
  /** The revocation endpoint (RFC 7009 §2). */
  url: string;
  /** The token to revoke: an access token or a refresh token. */
  token: string | Secret;
  /** `access_token` or `refresh_token` (RFC 7009 §2.1); a hint only, the server may search further. */
  tokenTypeHint?: "access_token" | "refresh_token";
  /** How the client authenticates, as for the token endpoint (RFC 7009 §2.1: as at the token endpoint). */
  clientAuth?: ClientAuthentication;
}

/**
 * Revoke a token (RFC 7009): `POST token=...&token_type_hint=...` with the client's
 * authentication, through the bounded exchange (one deadline, size bound, retry budget,
 * redirects never followed). A 200 means revoked, or the token was already invalid (§2.2).
 * An error response is a typed OAuthError / TokenEndpointError; no token or secret is quoted.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export async function revokeToken(options: RevokeTokenOptions): Promise<void> {
  const url = checkEndpointUrl(options.url, "The revocation endpoint", options.allowInsecure);
  const token = Secret.from(options.token);
  const body = new URLSearchParams({ token: token.reveal() });
  if (options.tokenTypeHint) body.set("token_type_hint", options.tokenTypeHint);
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/x-www-form-urlencoded;charset=UTF-8" };
  const secrets: (string | Secret | undefined)[] = [token, ...applyClientAuthentication(options.clientAuth, headers, body)];
  const { url: _url, token: _token, tokenTypeHint: _hint, clientAuth: _auth, ...transport } = options;
  const response = await boundedExchange({ ...transport, url, headers, body: body.toString(), what: `the revocation endpoint ${url.host}`, secrets });
  if (response.status === 200) return;
  let json: unknown;
  try {
    json = parseJsonLenient(response.text);
  } catch {
    json = undefined;
  }
  if (isOAuthErrorBody(json)) throw oauthErrorFromBody(json, response.status, secrets, undefined);
  throw endpointErrorFromResponse(`The revocation endpoint ${url.host}${url.pathname}`, response.status, response.statusText, response.headers.get("content-type"), "", secrets, undefined);
}
