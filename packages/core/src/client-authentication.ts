import { base64Utf8 } from "./base64.js";
import { Secret } from "./secret.js";

/**
 * How the client authenticates to the token endpoint (RFC 6749 §2.3.1).
 * - `basic` with `encoding: "rfc6749"` (default): form-urlencode id and secret, then Base64.
 * - `basic` with `encoding: "raw"`: Base64 of `id:secret` as is, which some providers document.
 * - `post`: `client_id` and `client_secret` in the form body.
 */
export type ClientAuthentication =
  | { method: "basic"; clientId: string; clientSecret: string | Secret; encoding?: "rfc6749" | "raw" }
  | { method: "post"; clientId: string; clientSecret: string | Secret }
  | { method: "none"; clientId?: string };

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B). */
export const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/** The `Authorization: Basic` value for a client (RFC 7617, RFC 6749 §2.3.1). */
export function basicAuthorization(clientId: string, clientSecret: string | Secret, encoding: "rfc6749" | "raw" = "rfc6749"): string {
  const secret = Secret.from(clientSecret).reveal();
  const pair = encoding === "raw" ? `${clientId}:${secret}` : `${formEncode(clientId)}:${formEncode(secret)}`;
  return `Basic ${base64Utf8(pair)}`;
}

/**
 * Put the client's authentication on a form request to the authorization server (the token
 * endpoint, RFC 6749 §2.3.1, and the revocation endpoint, RFC 7009 §2.1, which authenticates
 * the same way): the `Authorization` header or the form fields. Returns what it added that
 * errors must redact: the secret and, for `basic`, the Base64 credentials (a server may echo
 * the header it received).
 */
export function applyClientAuthentication(auth: ClientAuthentication | undefined, headers: Record<string, string>, body: URLSearchParams): (string | Secret)[] {
  if (auth?.method === "basic") {
    headers.authorization = basicAuthorization(auth.clientId, auth.clientSecret, auth.encoding);
    return [auth.clientSecret, headers.authorization.slice("Basic ".length)];
  }
  if (auth?.method === "post") {
    body.set("client_id", auth.clientId);
    body.set("client_secret", Secret.from(auth.clientSecret).reveal());
    return [auth.clientSecret];
  }
  if (auth?.method === "none" && auth.clientId) body.set("client_id", auth.clientId);
  return [];
}
