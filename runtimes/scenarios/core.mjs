// @auth/core main entry: a client-credentials token (RFC 6749 §4.4, HTTP Basic) from the
// generic OAuth 2 emulator, then one bearer request through the library's fetch.
import { createTokenEndpointAuth } from "@auth/core";
import { expectOk } from "./run-scenario.mjs";

export default async function scenario({ tokenUrl, resourceUrl, clientId, clientSecret }) {
  const auth = createTokenEndpointAuth(
    {},
    { key: `runtime-matrix:${clientId}`, url: tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "basic", clientId, clientSecret } },
  );
  const token = await auth.getToken();
  return `token ${token.tokenType}; ${await expectOk(await auth.fetch(resourceUrl), "GET /api/ping")}`;
}
