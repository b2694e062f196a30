// An in-house provider: OAuth 2 client credentials (RFC 6749 §4.4) with HTTP Basic client
// authentication, on @auth/core's createTokenEndpointAuth (cache, single flight, retries,
// deadlines, redaction), plus RFC 7009 revocation when the server has an endpoint for it.
import { createTokenEndpointAuth, revokeToken, storeKey } from "@auth/core";

/**
 * @param {{ baseUrl: string, clientId: string, clientSecret: string, scope?: string,
 *   tokenUrl?: string, revocationUrl?: string } & import("@auth/core").BearerSettings} options
 */
export function createExampleAuth({ baseUrl, clientId, clientSecret, scope, tokenUrl, revocationUrl, ...settings }) {
  const clientAuth = { method: "basic", clientId, clientSecret };
  const auth = createTokenEndpointAuth(settings, {
    key: storeKey({ provider: "example", baseUrl, account: clientId }), // never a secret
    url: tokenUrl ?? `${baseUrl}/oauth/token`,
    baseUrl, // client().get("api/things") is {baseUrl}/api/things
    params: { grant_type: "client_credentials", ...(scope ? { scope } : {}) },
    clientAuth,
  });
  /** @param {import("@auth/core").AccessToken} token */
  const revoke = (token) =>
    revokeToken({ url: /** @type {string} */ (revocationUrl), token: token.accessToken, tokenTypeHint: "access_token", clientAuth, fetch: settings.fetch, timeout: settings.timeout });
  return { ...auth, ...(revocationUrl ? { revoke } : {}) };
}
