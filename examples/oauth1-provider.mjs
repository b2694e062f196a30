// Your own OAuth 1.0a provider on @auth/core: the RFC 5849 §2 handshake helpers and signer from
// @auth/core/oauth1, the token kept in core's token cache and store, a ky client and a fetch
// that sign every request. Run against the Bynder emulator, here as any OAuth 1.0a server
// (its endpoints are /api/v4/oauth/request_token/, /authorise/ and /access_token/).
import { AuthError, authFetch, createAccessToken, createClient, createTokenCache, MemoryTokenStore, storeKey } from "@auth/core";
import { authorizationUrl, OAuth1Signer, requestTemporaryCredentials, requestTokenCredentials } from "@auth/core/oauth1";
import { startBynderEmulator } from "@auth/testing";

function createExampleOAuth1Auth({ baseUrl, consumer, store = new MemoryTokenStore() }) {
  const signer = new OAuth1Signer({ consumerKey: consumer.key, consumerSecret: consumer.secret });
  const endpoints = { signer, timeout: 10_000 }; // bounded: one deadline, no redirect followed, 1 MiB at most
  const cache = createTokenCache({
    store,
    key: storeKey({ provider: "example-oauth1", baseUrl, account: consumer.key }),
    canRefresh: () => false, // OAuth 1.0a tokens are renewed only by the user
    fetchToken: async () => {
      throw new AuthError("login_required", "No token yet.", { hint: "Run the handshake: requestToken(), the authorization page, accessToken()." });
    },
  });
  const authorizer = {
    signsBody: true, // form bodies are signed too (RFC 5849 §3.4.1.3.1)
    async authorize(request) {
      const token = await cache.getToken();
      return { Authorization: signer.authorization(request, { key: token.accessToken, secret: token.tokenSecret }) };
    },
  };
  return {
    getToken: () => cache.getToken(),
    clear: () => cache.clear(),
    requestToken: () => requestTemporaryCredentials({ ...endpoints, url: `${baseUrl}/api/v4/oauth/request_token/` }),
    authorizationUrl: (temporary) => authorizationUrl(`${baseUrl}/api/v4/oauth/authorise/`, temporary.key),
    async accessToken(temporary, verifier) {
      const credentials = await requestTokenCredentials({ ...endpoints, url: `${baseUrl}/api/v4/oauth/access_token/`, temporary, verifier });
      const token = createAccessToken({ accessToken: credentials.key, tokenSecret: credentials.secret.reveal(), tokenType: "OAuth", scopes: [] });
      await cache.set(token);
      return token;
    },
    client: (kyOptions = {}) => createClient(authorizer, { baseUrl: `${baseUrl}/`, ...kyOptions }),
    fetch: authFetch(authorizer),
  };
}

const server = await startBynderEmulator();
try {
  const auth = createExampleOAuth1Auth({ baseUrl: server.url, consumer: server.credentials.consumer });
  console.log("before the handshake:", await auth.getToken().catch((e) => e.code));
  const temporary = await auth.requestToken(); // §2.1
  const page = await fetch(auth.authorizationUrl(temporary)); // §2.2: the user approves (the emulator at once)
  await page.text();
  await auth.accessToken(temporary); // §2.3 (this server issues no oauth_verifier)
  const media = await auth.client().get("api/v4/media/", { searchParams: { keyword: "a b+c" } }).json();
  console.log("signed GET with a query:", JSON.stringify(media.query));
  const res = await auth.fetch(`${server.url}/api/v4/media/`, { method: "POST", body: new URLSearchParams({ title: "Summer sale" }) });
  console.log("signed POST with a form body: HTTP", res.status);
  if (res.status !== 200) throw new Error("expected the server to accept the signature");
} finally {
  await server.close();
}
