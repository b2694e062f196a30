// @auth/core/oauth1 entry: the OAuth 1.0a three-legged handshake (RFC 5849 §2) against the
// Bynder emulator with only core's signer and plain fetch, then one signed request.
import { OAuth1Signer } from "@auth/core/oauth1";
import { expectOk } from "./run-scenario.mjs";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function pair(response, what) {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  const form = new URLSearchParams(text);
  return { key: form.get("oauth_token") ?? "", secret: form.get("oauth_token_secret") ?? "" };
}

export default async function scenario({ url, consumerKey, consumerSecret }) {
  const signer = new OAuth1Signer({ consumerKey, consumerSecret });
  const signed = (method, target, token) => fetch(target, { method, headers: { ...FORM, authorization: signer.authorization({ method, url: target }, token) } });
  const requestUrl = `${url}/api/v4/oauth/request_token/`;
  const requestToken = await pair(await signed("POST", requestUrl), "POST request_token");
  const authorise = await fetch(`${url}/api/v4/oauth/authorise/?oauth_token=${encodeURIComponent(requestToken.key)}`);
  await authorise.text();
  if (!authorise.ok) throw new Error(`GET authorise answered HTTP ${authorise.status}`);
  const accessToken = await pair(await signed("POST", `${url}/api/v4/oauth/access_token/`, requestToken), "POST access_token");
  const media = `${url}/api/v4/media/?type=image`;
  const res = await fetch(media, { headers: { authorization: signer.authorization({ method: "GET", url: media }, accessToken) } });
  return `request token, authorise, access token; ${await expectOk(res, "signed GET /api/v4/media/")}`;
}
