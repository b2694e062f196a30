import { createHash } from "node:crypto";
import { decodeBasic, oauthError } from "../oauth2.js";
import type { RouteContext } from "../route-context.js";
import type { IssuedToken } from "../token-issuer.js";
import { DISABLED, type ImagenState, REALM } from "./state.js";

const VERIFIER_CHARS = /^[A-Za-z0-9._~-]{43,128}$/; // RFC 7636 §4.1 (bounded, no backtracking)

/** RFC 7636 §4.6: does `verifier` answer the challenge? A missing or malformed verifier does not. */
function pkceVerified(pkce: { challenge: string; method: string }, verifier: string | null): boolean {
  if (verifier === null || !VERIFIER_CHARS.test(verifier)) return false;
  const computed = pkce.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return computed === pkce.challenge;
}

/**
 * The token endpoint: client authentication (Basic or in the form, not both, RFC 6749 §2.3),
 * the code exchange (§4.1.3, PKCE per RFC 7636 §4.6) and refresh with rotation (§6). The
 * response's fields go through `spoil` (the `badTokenResponse` fault).
 */
export function tokenEndpoint(state: ImagenState, ctx: RouteContext, spoil: (fields: [string, unknown][]) => [string, unknown][]) {
  if (ctx.req.method !== "POST") return ctx.send(405, "method not allowed", { allow: "POST" });
  const { apiKey, apiSecret } = state.credentials;
  const basic = ctx.req.headers.authorization ? decodeBasic(ctx.req.headers.authorization, "basic-rfc6749") : undefined;
  const posted = ctx.form.has("client_secret") ? { id: ctx.form.get("client_id") ?? "", secret: ctx.form.get("client_secret") ?? "" } : undefined;
  if (basic && posted) return oauthError(ctx, 400, "invalid_request", "Use one client authentication method"); // RFC 6749 §2.3
  const client = basic ?? posted;
  if (!client || client.id !== apiKey || client.secret !== apiSecret) {
    return oauthError(ctx, 401, "invalid_client", "Client authentication failed", { "www-authenticate": `Basic realm="${REALM}"` });
  }
  if (!state.enabled) return oauthError(ctx, 401, "invalid_client", DISABLED, { "www-authenticate": `Basic realm="${REALM}"` });
  const grant = ctx.form.get("grant_type");
  let issued: IssuedToken;
  if (grant === "authorization_code") {
    const code = ctx.form.get("code") ?? "";
    const c = state.codes.get(code);
    state.codes.delete(code); // one use (RFC 6749 §4.1.2)
    if (!c || state.clock() > c.expiresAt) return oauthError(ctx, 400, "invalid_grant", "The code is invalid, expired or already used");
    if (c.redirectUri !== null && ctx.form.get("redirect_uri") !== c.redirectUri) {
      return oauthError(ctx, 400, "invalid_grant", "redirect_uri does not match the authorization request"); // RFC 6749 §4.1.3
    }
    // RFC 7636 §4.6: a code issued for a challenge needs the matching verifier. Without a
    // challenge, a code_verifier is ignored, as a server that does not know PKCE does.
    if (c.pkce && !pkceVerified(c.pkce, ctx.form.get("code_verifier"))) return oauthError(ctx, 400, "invalid_grant", "PKCE verification failed");
    issued = state.issuer.issue(apiKey, c.scopes, { withRefreshToken: state.refreshTokens });
  } else if (grant === "refresh_token") {
    const old = state.issuer.redeemRefreshToken(ctx.form.get("refresh_token") ?? "");
    if (!old) return oauthError(ctx, 400, "invalid_grant", "The refresh token is invalid or already used");
    issued = state.issuer.issue(apiKey, old.scopes, { withRefreshToken: true });
  } else if (!grant) return oauthError(ctx, 400, "invalid_request", "grant_type is required");
  else return oauthError(ctx, 400, "unsupported_grant_type");
  const fields: [string, unknown][] = [
    ["access_token", issued.token],
    ["token_type", "bearer"],
    ["expires_in", Math.round((issued.expiresAt - issued.issuedAt) / 1000)],
    ["scope", issued.scopes.join(" ")],
  ];
  if (issued.refreshToken) fields.push(["refresh_token", issued.refreshToken]);
  ctx.json(200, Object.fromEntries(spoil(fields)), { "cache-control": "no-store", pragma: "no-cache" });
}
