import {
  type BearerAuth,
  type Clock,
  ConfigurationError,
  createBearerAuth,
  type FetchLike,
  type Logger,
  type RefreshWindow,
  type RetryPolicy,
  requestToken,
  requireBaseUrl,
  requireOption,
  Secret,
  type TokenStore,
} from "@auth/core";

export interface ConfigApiAuthOptions {
  /** The service's URL, e.g. `https://example.com`; tokens come from `POST {baseUrl}/configapi/v2/oauth/token`. */
  baseUrl: string;
  /** The user's login ID (`client_id`). */
  clientId: string;
  /** The user's API secret (`client_secret`). */
  clientSecret: string | Secret;
  /**
   * The tenant or host URL (`scope`), e.g. `example.com`. Default: the host of `baseUrl`
   * (with its port when not the default one), as in the document's example.
   */
  scope?: string;
  /** Where tokens are kept (memory by default); shared stores let processes share one token. */
  store?: TokenStore;
  /** How long before expiry a token is renewed: ms, or a function of its lifetime. Default max(60 s, 10 %). */
  refreshWindow?: RefreshWindow;
  /** Per-attempt timeout of the token request, ms. Default 10 000. */
  timeout?: number;
  /** Retries of the token request on 408/429/5xx and network errors. Default 2. */
  retry?: RetryPolicy;
  /** The fetch used for token requests and by `client()` / `fetch`. Default global fetch. */
  fetch?: FetchLike;
  /** Allow an `http://` base URL that is not loopback. */
  allowInsecure?: boolean;
  logger?: Logger;
  /** Time source (epoch ms), for tests. */
  clock?: Clock;
}

/**
 * ConfigAPI access tokens (configapi-access-token.txt): `POST {baseUrl}/configapi/v2/oauth/token`
 * with `grant_type`, `client_id`, `client_secret` and `scope` in the form body; the token is then
 * sent as `Authorization: Bearer` (RFC 6750). Cached and renewed by @auth/core.
 *
 * ```ts
 * const auth = createConfigApiAuth({ baseUrl: "https://example.com", clientId: "sheila.thomas", clientSecret });
 * const data = await auth.client({ prefix: "https://example.com/" }).get("data").json();
 * ```
 */
export function createConfigApiAuth(options: ConfigApiAuthOptions): BearerAuth {
  const baseUrl = requireBaseUrl(options.baseUrl, "baseUrl", options.allowInsecure);
  const clientId = requireOption(options.clientId, "clientId", "Pass clientId, the user's login ID.");
  const secret = options.clientSecret;
  if (secret === undefined || secret === "" || (typeof secret !== "string" && !(secret instanceof Secret))) {
    throw new ConfigurationError('The option "clientSecret" is missing or empty.', { hint: "Pass clientSecret, the user's API secret." });
  }
  // The document's example asks for a token "for the https://example.com web service" with
  // scope=example.com, the Host it posts to: the host of baseUrl is the documented default.
  const defaulted = options.scope === undefined;
  const scope = defaulted ? new URL(baseUrl).host : requireOption(options.scope, "scope", 'Pass scope, the tenant or host, e.g. "example.com".');
  const scopeHint = `ConfigAPI refused the scope "${scope}"${defaulted ? " (the host of baseUrl, used because no scope was given)" : ""}: pass the tenant as the "scope" option.`;
  return createBearerAuth({
    key: `configapi:${baseUrl}:${scope}:${clientId}`,
    fetchToken: () =>
      requestToken({
        url: `${baseUrl}/configapi/v2/oauth/token`,
        // In the document's order; core fills client_secret in place (and redacts it from errors).
        params: { grant_type: "client_credentials", client_id: clientId, client_secret: "", scope },
        clientAuth: { method: "post", clientId, clientSecret: secret },
        // "The only supported type is Bearer"; anything else is an InvalidTokenResponseError.
        acceptTokenTypes: ["Bearer"],
        hints: {
          invalid_client: `ConfigAPI rejected the login ID "${clientId}" or its API secret: check the "clientId" and "clientSecret" options for ${baseUrl}.`,
          "401": `ConfigAPI refused the credentials: check the "clientId" and "clientSecret" options for ${baseUrl}.`,
          invalid_scope: scopeHint,
        },
        timeout: options.timeout,
        retry: options.retry,
        fetch: options.fetch,
        allowInsecure: options.allowInsecure,
        clock: options.clock,
      }),
    store: options.store,
    refreshWindow: options.refreshWindow,
    fetch: options.fetch,
    logger: options.logger,
    clock: options.clock,
  });
}
