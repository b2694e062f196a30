/**
 * RFC 5849 §2.2, resource owner authorization: the client sends the user's browser to the
 * server's authorization endpoint with the temporary credentials identifier in `oauth_token`
 * (a provider may name it otherwise or take more parameters). The URL's own query is kept.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 */
import { ConfigurationError } from "../errors.js";

export interface AuthorizationUrlOptions {
  /** The parameter(s) carrying the temporary token. Default `["oauth_token"]` (§2.2). */
  tokenParams?: readonly string[];
  /** More query parameters (e.g. a provider's `callback`). */
  params?: Readonly<Record<string, string>>;
}

/**
 * The resource owner authorization URL (§2.2) for temporary credentials `token` (their
 * identifier, the `oauth_token` of §2.1). Spaces are encoded `%20` (not `+`: some servers
 * do not read `+` as a space in a query).
 *
 * ```ts
 * redirectTo(authorizationUrl("https://api.example.com/oauth/authorize", temporary.key));
 * ```
 */
export function authorizationUrl(endpoint: string, token: string, options: AuthorizationUrlOptions = {}): string {
  if (typeof token !== "string" || token === "") {
    throw new ConfigurationError("The authorization URL needs the temporary credentials' oauth_token.", { hint: "Request temporary credentials first (RFC 5849 §2.1)." });
  }
  const url = new URL(endpoint);
  const params = new URLSearchParams(url.search);
  for (const name of options.tokenParams ?? ["oauth_token"]) params.set(name, token);
  for (const name in options.params) params.set(name, options.params[name]!);
  url.search = params.toString().replaceAll("+", "%20");
  return url.href;
}
