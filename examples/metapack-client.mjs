// Metapack: a ky client with a cached bearer token, against a local Metapack emulator.
// Ten concurrent API calls on a cold cache cause exactly one token request.
import { createMetapackAuth } from "@auth/metapack";
import { startMetapackEmulator } from "@auth/testing";

const metapack = await startMetapackEmulator(); // use https://dmo.metapack.com for real
try {
  const auth = createMetapackAuth({
    baseUrl: metapack.url,
    properties: metapack.credentials.properties, // the text of an apiKey.properties file
  });
  const api = auth.client(); // a ky instance; "api/ping" resolves against baseUrl

  const answers = await Promise.all(Array.from({ length: 10 }, () => api.get("api/ping").json()));
  console.log("first answer:", answers[0]);
  console.log(`${answers.length} API calls, ${metapack.requests.count("/oauth")} token request(s)`);

  const token = await auth.getToken(); // from the cache, no request
  console.log(`token type ${token.tokenType}, expires ${new Date(token.expiresAt).toISOString()}, scopes: ${token.scopes.join(", ")}`);
  if (metapack.requests.count("/oauth") !== 1) throw new Error("expected exactly one token request");
} finally {
  await metapack.close();
}
