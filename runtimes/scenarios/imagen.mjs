// @auth/imagen main entry: the authorization code flow of an installed app with the
// out-of-band redirect (the user's approval played by one GET of the authorize URL; the
// page's "Response:" line is what the user would paste), then one bearer request.
import { createImagenAuth } from "@auth/imagen";
import { expectOk } from "./run-scenario.mjs";

// The emulator's out-of-band page shows the response in <code id="response">, HTML-escaped.
const MARK = '<code id="response">';

export default async function scenario({ url, apiKey, apiSecret }) {
  const auth = createImagenAuth({ baseUrl: url, apiKey, apiSecret, responseType: "code" });
  const { url: authorizeUrl } = auth.authorizationUrl();
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  const start = html.indexOf(MARK);
  const end = start === -1 ? -1 : html.indexOf("</code>", start);
  if (!page.ok || end === -1) throw new Error(`GET authorize answered HTTP ${page.status} without a response line`);
  const response = html.slice(start + MARK.length, end).replaceAll("&#38;", "&").replaceAll("&amp;", "&");
  const token = await auth.completeAuthorization(response);
  return `code → token ${token.tokenType}; ${await expectOk(await auth.fetch(`${url}/api/v1/records`), "GET /api/v1/records")}`;
}
