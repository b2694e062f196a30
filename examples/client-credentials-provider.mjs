// A fifth provider, written in-house: OAuth 2 client credentials on @auth/core's
// createTokenEndpointAuth (auth-provider-example/index.mjs, under 30 lines), against the generic
// OAuth 2 emulator of @auth/testing. Then a logout: RFC 7009 revocation, and clear().
import { startOAuth2Emulator } from "@auth/testing";
import { createExampleAuth } from "./auth-provider-example/index.mjs";

const server = await startOAuth2Emulator(); // any RFC 6749 server
try {
  const auth = createExampleAuth({
    baseUrl: server.url,
    ...server.credentials, // clientId, clientSecret
    revocationUrl: server.revocationUrl,
    timeout: 5_000, // every setting reaches each token request: timeout, retry, clock, fetch…
    retry: { limit: 2 },
  });

  const api = auth.client(); // ky; relative URLs resolve against baseUrl, absolute ones are kept
  const answers = await Promise.all([api.get("api/ping").json(), api.get(server.resourceUrl).json(), auth.fetch(server.resourceUrl).then((r) => r.json())]);
  console.log("answers:", answers.map((a) => a.ok).join(", "), `(${server.requests.count("/oauth/token")} token request)`);

  const token = await auth.getToken();
  await auth.revoke(token); // RFC 7009: the server forgets it
  await auth.clear(); // and so does the cache (memory and store)
  const after = await auth.getToken();
  console.log(`logged out and back in: a new token (${after.accessToken !== token.accessToken}), ${server.requests.count("/oauth/token")} token requests in total`);
  if (server.requests.count("/oauth/token") !== 2 || after.accessToken === token.accessToken) throw new Error("expected a new token after the logout");
} finally {
  await server.close();
}
