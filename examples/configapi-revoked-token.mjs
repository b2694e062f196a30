// ConfigAPI: the server revokes every token; the next call gets a 401, the client fetches one
// new token and retries once, and the call succeeds — the caller never sees the 401.
import { createConfigApiAuth } from "@auth/configapi";
import { startConfigApiEmulator } from "@auth/testing";

const configapi = await startConfigApiEmulator(); // use https://<your host> for real
try {
  const { clientId, clientSecret } = configapi.credentials;
  const auth = createConfigApiAuth({ baseUrl: configapi.url, clientId, clientSecret }); // scope: the host of baseUrl
  const tokens = () => configapi.requests.count("/configapi/v2/oauth/token");

  console.log("before:", await auth.fetch(configapi.resourceUrl).then((r) => r.json()), `(${tokens()} token request)`);
  configapi.setFault({ kind: "revokeTokens" }); // as if an administrator revoked the token
  const res = await auth.fetch(configapi.resourceUrl);
  console.log(`after the revocation: HTTP ${res.status}`, await res.json(), `(${tokens()} token requests in total)`);
  if (res.status !== 200 || tokens() !== 2) throw new Error("expected one refresh and a successful retry");
} finally {
  await configapi.close();
}
