// @auth/configapi main entry: a token (credentials and tenant in the form body), then one
// bearer request.
import { createConfigApiAuth } from "@auth/configapi";
import { expectOk } from "./run-scenario.mjs";

export default async function scenario({ url, clientId, clientSecret, scope }) {
  const auth = createConfigApiAuth({ baseUrl: url, clientId, clientSecret, scope });
  const token = await auth.getToken();
  return `token ${token.tokenType}; ${await expectOk(await auth.fetch(`${url}/api/ping`), "GET /api/ping")}`;
}
