import { type BearerSettings, createTokenEndpointAuth, type ProviderAuth, requireBaseUrl, requireOption, requireSecret, type Secret, storeKey } from "@auth/core";

/**
 * The ConfigAPI credentials and tenant, plus core's {@link BearerSettings} (`store`,
 * `refreshWindow`, `timeout`, `retry`, `fetch`, `allowInsecure`, `logger`, `clock`, `lockTtlMs`).
 */
export interface ConfigApiAuthOptions extends BearerSettings {
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
}

/**
 * ConfigAPI access tokens (docs/providers.md#configapi): `POST {baseUrl}/configapi/v2/oauth/token`
 * with `grant_type`, `client_id`, `client_secret` and `scope` in the form body; the token is then
 * sent as `Authorization: Bearer` (RFC 6750). Cached and renewed by @auth/core.
 *
 * ```ts
 * const auth = createConfigApiAuth({ baseUrl: "https://example.com", clientId: "sheila.thomas", clientSecret });
 * const data = await auth.client({ prefix: "https://example.com/" }).get("data").json();
 * ```
 */
export function createConfigApiAuth(options: ConfigApiAuthOptions): ProviderAuth {
  const baseUrl = requireBaseUrl(options.baseUrl, "baseUrl", options.allowInsecure);
  const clientId = requireOption(options.clientId, "clientId", "Pass clientId, the user's login ID.");
  const secret = requireSecret(options.clientSecret, "clientSecret", "Pass clientSecret, the user's API secret.");
  // The document's example asks for a token "for the https://example.com web service" with
  // scope=example.com, the Host it posts to: the host of baseUrl is the documented default.
  const defaulted = options.scope === undefined;
  const scope = defaulted ? new URL(baseUrl).host : requireOption(options.scope, "scope", 'Pass scope, the tenant or host, e.g. "example.com".');
  const scopeHint = `ConfigAPI refused the scope "${scope}"${defaulted ? " (the host of baseUrl, used because no scope was given)" : ""}: pass the tenant as the "scope" option.`;
  return createTokenEndpointAuth(options, {
    // One login ID may hold a token per tenant: the scope is the key's last part.
    key: storeKey({ provider: "configapi", baseUrl, account: clientId, profile: scope }),
    url: `${baseUrl}/configapi/v2/oauth/token`,
    // client().get("api/...") is {baseUrl}/api/...; an absolute URL is used as is.
    baseUrl,
    // In the document's order; core fills client_secret in place (and redacts it from errors).
    params: { grant_type: "client_credentials", client_id: clientId, client_secret: "", scope },
    clientAuth: { method: "post", clientId, clientSecret: secret },
    // "The only supported type is Bearer"; anything else is an InvalidTokenResponseError.
    // The document's example response, `"expires_in":"3599",}`, has expires_in as a string and
    // a trailing comma: core's lenient parse takes both (test/form-property.test.ts).
    acceptTokenTypes: ["Bearer"],
    hints: {
      invalid_client: `ConfigAPI rejected the login ID "${clientId}" or its API secret: check the "clientId" and "clientSecret" options for ${baseUrl}.`,
      "401": `ConfigAPI refused the credentials: check the "clientId" and "clientSecret" options for ${baseUrl}.`,
      invalid_scope: scopeHint,
    },
  });
}
