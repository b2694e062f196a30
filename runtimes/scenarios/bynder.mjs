// @auth/bynder main entry: the handshake without @auth/bynder/node (requestToken, the user's
// approval played by one GET of the authorise page, accessToken), then one signed POST with a
// query and a form body (both signed, RFC 5849 §3.4.1.3).
import { createBynderAuth } from "@auth/bynder";
import { expectOk } from "./run-scenario.mjs";

export default async function scenario({ url, consumerKey, consumerSecret }) {
  const auth = createBynderAuth({ baseUrl: url, consumer: { key: consumerKey, secret: consumerSecret } });
  const requestToken = await auth.requestToken();
  const page = await fetch(auth.authoriseUrl(requestToken));
  await page.text();
  if (!page.ok) throw new Error(`GET authorise answered HTTP ${page.status}`);
  await auth.accessToken(requestToken);
  const res = await auth.fetch(`${url}/api/v4/media/?type=image`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ title: "Summer sale", tags: "a+b" }),
  });
  return `request token, authorise, access token; ${await expectOk(res, "signed POST /api/v4/media/")}`;
}
