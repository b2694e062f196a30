// @auth/metapack main entry: a token from the API key's apiKey.properties text (HTTP Basic),
// then one bearer request.
import { createMetapackAuth } from "@auth/metapack";
import { expectOk } from "./run-scenario.mjs";

export default async function scenario({ url, properties }) {
  const auth = createMetapackAuth({ baseUrl: url, properties });
  const token = await auth.getToken();
  return `token ${token.tokenType}; ${await expectOk(await auth.fetch(`${url}/api/ping`), "GET /api/ping")}`;
}
