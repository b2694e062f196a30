import { randomBytes } from "node:crypto";
import type { RouteContext } from "../route-context.js";
import { DISABLED, type ImagenState } from "./state.js";

const OOB = "urn:ietf:wg:oauth:2.0:oob";
const OOB_AUTO = "urn:ietf:wg:oauth:2.0:oob:auto";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** May the application send the user back to `uri`? Web: the registered https URI only; installed: oob, loopback, the registered one. */
function redirectAllowed(state: ImagenState, uri: string): boolean {
  if (state.applicationType === "web") return uri === state.registeredRedirectUri && uri.startsWith("https://");
  if (uri === OOB || uri === OOB_AUTO || uri === state.registeredRedirectUri) return true;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
  return u.protocol === "http:" && loopback && !u.username && !u.password && (u.port === "" || state.loopbackAnyPort);
}

/** Hand the authorization response to the client: a redirect, or an oob page to copy it from. */
function deliver(ctx: RouteContext, redirect: string, params: Record<string, string>, inFragment: boolean) {
  const text = new URLSearchParams(params).toString();
  if (redirect === OOB || redirect === OOB_AUTO) {
    // docs/providers.md#imagen-applications: the code is in the title bar; oob asks the user to copy it,
    // oob:auto only to close the window. The emulator also shows the whole response (with
    // expires_in, scope, errors) on one line, but only when it carries the request's state:
    // a client must be able to check the state of anything with parameters that it is handed.
    const value = params.code ?? params.access_token;
    const title = value ?? `Error: ${params.error}`;
    const prompt = !value
      ? "Authorization failed."
      : redirect === OOB
        ? "Please copy this code, switch to your application and paste it there:"
        : "Success. You may now close this window.";
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><p>${prompt}</p>${
      value && redirect === OOB ? `<input id="code" readonly value="${esc(value)}">` : ""
    }${params.state === undefined ? "" : `<p id="response-line">Response: <code id="response">${esc(text)}</code></p>`}</body></html>`;
    return ctx.send(value ? 200 : 400, html, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  }
  const target = new URL(redirect);
  // RFC 6749 §4.1.2 code in the query; §4.2.2 token (and its errors) in the fragment.
  if (inFragment) target.hash = text;
  else for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  ctx.send(302, "", { location: target.href, "cache-control": "no-store" });
}

/**
 * `GET /oauth/authorize`: the implicit (RFC 6749 §4.2) and code (§4.1, with PKCE per RFC 7636)
 * grants; redirect URIs checked against the application type, scopes against the granted ones,
 * the user's consent and the administrator's switch applied.
 */
export function authorizeEndpoint(state: ImagenState, ctx: RouteContext) {
  if (ctx.req.method !== "GET") return ctx.send(405, "method not allowed", { allow: "GET" });
  const q = ctx.url.searchParams;
  const page = (status: number, message: string) =>
    ctx.send(status, `<!doctype html><html><head><meta charset="utf-8"><title>Imagen: ${esc(message)}</title></head><body><p>${esc(message)}</p></body></html>`, {
      "content-type": "text/html; charset=utf-8",
    });
  // RFC 6749 §4.1.2.1: a bad client_id or redirect_uri is shown to the user, never redirected.
  if (q.get("client_id") !== state.credentials.apiKey) return page(400, "Unknown application (client_id)");
  const redirect = q.get("redirect_uri") ?? (state.applicationType === "web" ? state.registeredRedirectUri! : null);
  if (redirect === null) return page(400, "redirect_uri is required");
  if (!redirectAllowed(state, redirect)) return page(400, `redirect_uri is not allowed for this ${state.applicationType} application`);
  const responseType = q.get("response_type");
  const params: Record<string, string> = {};
  const requestState = q.get("state");
  const reply = (values: Record<string, string>) => {
    Object.assign(params, values);
    if (requestState !== null) params.state = requestState;
    deliver(ctx, redirect, params, responseType === "token");
  };
  if (!state.enabled) return reply({ error: "unauthorized_client", error_description: DISABLED });
  if (responseType !== "code" && responseType !== "token") return reply({ error: "unsupported_response_type" });
  const scopes = (q.get("scope") ?? state.granted.join(" ")).split(" ").filter(Boolean);
  const missing = scopes.filter((s) => !state.granted.includes(s));
  if (missing.length) return reply({ error: "invalid_scope", error_description: `Not granted to this application: ${missing.join(" ")}` });
  if (state.consent === "deny") return reply({ error: "access_denied", error_description: "The user denied access" });
  if (responseType === "code") {
    // RFC 7636 §4.4: keep the challenge with the code; the method defaults to "plain".
    const challenge = q.get("code_challenge");
    const method = q.get("code_challenge_method") ?? "plain";
    if (challenge !== null && method !== "S256" && method !== "plain") return reply({ error: "invalid_request", error_description: "transform algorithm not supported" });
    const code = randomBytes(18).toString("base64url");
    state.codes.set(code, { redirectUri: q.get("redirect_uri"), scopes, expiresAt: state.clock() + 600_000, ...(challenge === null ? {} : { pkce: { challenge, method } }) });
    return reply({ code });
  }
  const t = state.issuer.issue(state.credentials.apiKey, scopes);
  reply({ access_token: t.token, token_type: "bearer", expires_in: String(Math.round((t.expiresAt - t.issuedAt) / 1000)), scope: scopes.join(" ") });
}
