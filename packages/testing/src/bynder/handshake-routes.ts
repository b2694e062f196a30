import type { RouteContext } from "../route-context.js";
import { FORM, httpDate, sendProblem } from "./oauth-problem.js";
import type { RequestVerifier } from "./request-verifier.js";
import type { BynderToken, BynderTokenStore } from "./token-store.js";

/** What the handshake routes need. */
export interface HandshakeState {
  tokens: BynderTokenStore;
  verifier: RequestVerifier;
  clock: () => number;
  requestTokenLifetimeMs: number;
  accessTokenLifetimeMs: number;
}

export const HANDSHAKE_PATHS = {
  requestToken: "/api/v4/oauth/request_token/",
  authorise: "/api/v4/oauth/authorise/",
  accessToken: "/api/v4/oauth/access_token/",
} as const;

/**
 * The three OAuth 1.0a handshake endpoints of docs/providers.md#bynder-handshake (RFC 5849 §2):
 * the request token (signed with the consumer only), the user's authorise page, and the
 * access token (signed with the authorised request token, which is then spent). Returns false
 * for any other path.
 */
export function handshakeRoutes(state: HandshakeState): (ctx: RouteContext) => boolean {
  const date = () => httpDate(state.clock);
  const pair = (ctx: RouteContext, t: BynderToken) =>
    ctx.send(200, `oauth_token=${encodeURIComponent(t.key)}&oauth_token_secret=${encodeURIComponent(t.secret)}`, { "content-type": FORM, date: date() });

  function requestToken(ctx: RouteContext) {
    if (ctx.req.method !== "POST") return ctx.send(405, "method not allowed", { allow: "POST" });
    if (!state.verifier.verify(ctx, [])) return;
    pair(ctx, state.tokens.issue("request", state.requestTokenLifetimeMs));
  }

  function authorise(ctx: RouteContext) {
    if (ctx.req.method !== "GET") return ctx.send(405, "method not allowed", { allow: "GET" });
    // The document's table names the parameter auth_token, its example URL oauth_token.
    const a = ctx.url.searchParams.get("oauth_token");
    const b = ctx.url.searchParams.get("auth_token");
    if (a !== null && b !== null && a !== b) return ctx.send(400, "oauth_token and auth_token differ", { date: date() });
    const t = state.tokens.get(a ?? b);
    if (t?.kind !== "request") return ctx.send(400, "Unknown request token (oauth_token).", { date: date() });
    if (t.used || t.revoked || state.clock() >= t.expiresAt) return ctx.send(400, "The request token has expired or was already used.", { date: date() });
    // The user logs in to the portal and approves (always, in the emulator).
    t.authorised = true;
    const callback = ctx.url.searchParams.get("callback");
    if (callback) {
      let target: URL;
      try {
        target = new URL(callback);
      } catch {
        return ctx.send(400, "callback is not an absolute URL", { date: date() });
      }
      target.searchParams.set("oauth_token", t.key);
      return ctx.send(302, "", { location: target.href, date: date() });
    }
    const html = `<!doctype html><html><head><title>Bynder</title></head><body><h1>Authorised</h1><p>oauth_token=<code id="oauth_token">${t.key}</code></p></body></html>`;
    ctx.send(200, html, { "content-type": "text/html; charset=utf-8", date: date() });
  }

  function accessToken(ctx: RouteContext) {
    if (ctx.req.method !== "POST") return ctx.send(405, "method not allowed", { allow: "POST" });
    const ok = state.verifier.verify(ctx, ["request"]);
    if (!ok) return;
    const rt = ok.token!;
    if (!rt.authorised) return sendProblem(ctx, state.clock, 401, "permission_unknown", "The user has not authorised this request token yet.");
    // "since the handshake has been completed, the Request Token is immediately expired".
    rt.used = true;
    pair(ctx, state.tokens.issue("access", state.accessTokenLifetimeMs));
  }

  return (ctx) => {
    const path = ctx.url.pathname;
    if (path === HANDSHAKE_PATHS.requestToken) requestToken(ctx);
    else if (path === HANDSHAKE_PATHS.authorise) authorise(ctx);
    else if (path === HANDSHAKE_PATHS.accessToken) accessToken(ctx);
    else return false;
    return true;
  };
}
