import { createHash, randomBytes } from "node:crypto";
import type { Fault } from "./faults.js";
import { startServer } from "./http-server.js";
import { decodeBasic, oauthError } from "./oauth2.js";
import type { RequestLog } from "./request-log.js";
import type { RouteContext } from "./route-context.js";
import { type EmulatorServerOptions, serverOptions } from "./server-options.js";
import { type IssuedToken, TokenIssuer } from "./token-issuer.js";

/**
 * Options of {@link startImagenEmulator}. Everything the Imagen documents
 * (docs/providers.md#imagen-bearer-token-url, docs/providers.md#imagen-applications) leave open is an emulator choice, named here.
 */
export interface ImagenEmulatorOptions extends EmulatorServerOptions {
  /** The application's API key (`client_id`). Default `imagen-test-key`. */
  apiKey?: string;
  /** The application's secret. Default `imagen-test-secret`. */
  apiSecret?: string;
  /** Default `installed`. */
  applicationType?: "web" | "installed";
  /**
   * The registered redirect URI: for `web`, the https URL (default `https://app.example.com/callback`);
   * for `installed`, an optional custom-scheme URI allowed besides the reserved ones.
   */
  redirectUri?: string;
  /** Scopes an administrator granted the app. Default `readUsersData modifyUsersData` (the document's default). */
  grantedScopes?: string[];
  /** What the user answers at the authorization page. Default `approve`. */
  consent?: "approve" | "deny";
  /** Access token lifetime, seconds. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Issue refresh tokens with codes exchanged. Default true. */
  refreshTokens?: boolean;
  /** Accept `http://localhost` on any port (RFC 8252 §7.3), not only port 80. Default true. */
  loopbackAnyPort?: boolean;
  /** Token endpoint path (not in the documents). Default `/oauth/token`. */
  tokenPath?: string;
  clock?: () => number;
}

/** A record of the emulated REST API. */
export interface ImagenRecord {
  id: string;
  title: string;
}

export interface ImagenEmulator {
  readonly url: string;
  /** `{url}/oauth/authorize`. */
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** `{url}/api/v1`: records, media, collections, jobs, workflows, users, groups. */
  readonly apiUrl: string;
  readonly credentials: { apiKey: string; apiSecret: string };
  readonly requests: RequestLog;
  readonly issuer: TokenIssuer;
  readonly records: Map<string, ImagenRecord>;
  readonly enabled: boolean;
  /** The administrator's switch: a disabled app cannot authorize or get tokens, and its tokens stop working. */
  setEnabled(enabled: boolean): void;
  setConsent(consent: "approve" | "deny"): void;
  setGrantedScopes(scopes: string[]): void;
  /** Faults, plus `expireTokens` (every issued token expires now) and `disableApplication`. */
  setFault(fault: Fault | { kind: "expireTokens" } | { kind: "disableApplication" } | null): void;
  close(): Promise<void>;
}

const OOB = "urn:ietf:wg:oauth:2.0:oob";
const OOB_AUTO = "urn:ietf:wg:oauth:2.0:oob:auto";
const REALM = "Imagen";
const DISABLED = "The application has been disabled by an Imagen administrator";

// Which scope each resource needs, after the document's "Scopes explained"; paths are the emulator's.
type Rule = { path: RegExp; read: string[]; write: string[]; create?: string[] };
const RULES: Rule[] = [
  { path: /^\/api\/v1\/(records|media|collections)(\/[^/]+)?$/, read: ["readUsersData", "modifyUsersData"], write: ["modifyUsersData"] },
  { path: /^\/api\/v1\/(jobs|workflows)(\/[^/]+)?$/, read: ["manageJobs"], write: ["manageJobs", "createJobs"], create: ["createJobs"] },
  { path: /^\/api\/v1\/(users|groups)$/, read: ["roles", "modifyRoles"], write: ["modifyRoles"] },
  { path: /^\/api\/v1\/users\/[^/]+(\/email)?$/, read: ["roles", "modifyRoles"], write: ["modifyRoles"] },
];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface CodeGrant {
  redirectUri: string | null;
  scopes: string[];
  expiresAt: number;
  /** RFC 7636 §4.4: the challenge sent with the authorization request, if any. */
  pkce?: { challenge: string; method: string };
}

const VERIFIER_CHARS = /^[A-Za-z0-9._~-]{43,128}$/; // RFC 7636 §4.1 (bounded, no backtracking)

/** RFC 7636 §4.6: does `verifier` answer the challenge? A missing or malformed verifier does not. */
function pkceVerified(pkce: { challenge: string; method: string }, verifier: string | null): boolean {
  if (verifier === null || !VERIFIER_CHARS.test(verifier)) return false;
  const computed = pkce.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return computed === pkce.challenge;
}

/**
 * An Imagen server on 127.0.0.1: `/oauth/authorize` (implicit and code grants, redirect URIs
 * checked against the app type, scopes against the granted ones), the token endpoint (code
 * exchange, refresh), an enable switch, and scope-guarded REST resources under `/api/v1`
 * answering RFC 6750 challenges. Responses are UTF-8 with an explicit charset.
 */
export async function startImagenEmulator(options: ImagenEmulatorOptions = {}): Promise<ImagenEmulator> {
  const credentials = { apiKey: options.apiKey ?? "imagen-test-key", apiSecret: options.apiSecret ?? "imagen-test-secret" };
  const type = options.applicationType ?? "installed";
  const registered = options.redirectUri ?? (type === "web" ? "https://app.example.com/callback" : undefined);
  const tokenPath = options.tokenPath ?? "/oauth/token";
  const clock = options.clock ?? Date.now;
  const issuer = new TokenIssuer({ lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600, clock });
  const codes = new Map<string, CodeGrant>();
  const records = new Map<string, ImagenRecord>();
  let granted = [...(options.grantedScopes ?? ["readUsersData", "modifyUsersData"])];
  let consent = options.consent ?? "approve";
  let enabled = true;

  function redirectAllowed(uri: string): boolean {
    if (type === "web") return uri === registered && uri.startsWith("https://");
    if (uri === OOB || uri === OOB_AUTO || uri === registered) return true;
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      return false;
    }
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
    return u.protocol === "http:" && loopback && !u.username && !u.password && (u.port === "" || options.loopbackAnyPort !== false);
  }

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

  function authorize(ctx: RouteContext) {
    if (ctx.req.method !== "GET") return ctx.send(405, "method not allowed", { allow: "GET" });
    const q = ctx.url.searchParams;
    const page = (status: number, message: string) =>
      ctx.send(status, `<!doctype html><html><head><meta charset="utf-8"><title>Imagen: ${esc(message)}</title></head><body><p>${esc(message)}</p></body></html>`, {
        "content-type": "text/html; charset=utf-8",
      });
    // RFC 6749 §4.1.2.1: a bad client_id or redirect_uri is shown to the user, never redirected.
    if (q.get("client_id") !== credentials.apiKey) return page(400, "Unknown application (client_id)");
    const redirect = q.get("redirect_uri") ?? (type === "web" ? registered! : null);
    if (redirect === null) return page(400, "redirect_uri is required");
    if (!redirectAllowed(redirect)) return page(400, `redirect_uri is not allowed for this ${type} application`);
    const responseType = q.get("response_type");
    const params: Record<string, string> = {};
    const state = q.get("state");
    const reply = (values: Record<string, string>) => {
      Object.assign(params, values);
      if (state !== null) params.state = state;
      deliver(ctx, redirect, params, responseType === "token");
    };
    if (!enabled) return reply({ error: "unauthorized_client", error_description: DISABLED });
    if (responseType !== "code" && responseType !== "token") return reply({ error: "unsupported_response_type" });
    const scopes = (q.get("scope") ?? granted.join(" ")).split(" ").filter(Boolean);
    const missing = scopes.filter((s) => !granted.includes(s));
    if (missing.length) return reply({ error: "invalid_scope", error_description: `Not granted to this application: ${missing.join(" ")}` });
    if (consent === "deny") return reply({ error: "access_denied", error_description: "The user denied access" });
    if (responseType === "code") {
      // RFC 7636 §4.4: keep the challenge with the code; the method defaults to "plain".
      const challenge = q.get("code_challenge");
      const method = q.get("code_challenge_method") ?? "plain";
      if (challenge !== null && (method !== "S256" && method !== "plain")) return reply({ error: "invalid_request", error_description: "transform algorithm not supported" });
      const code = randomBytes(18).toString("base64url");
      codes.set(code, { redirectUri: q.get("redirect_uri"), scopes, expiresAt: clock() + 600_000, ...(challenge === null ? {} : { pkce: { challenge, method } }) });
      return reply({ code });
    }
    const t = issuer.issue(credentials.apiKey, scopes);
    reply({ access_token: t.token, token_type: "bearer", expires_in: String(Math.round((t.expiresAt - t.issuedAt) / 1000)), scope: scopes.join(" ") });
  }

  function token(ctx: RouteContext) {
    if (ctx.req.method !== "POST") return ctx.send(405, "method not allowed", { allow: "POST" });
    const basic = ctx.req.headers.authorization ? decodeBasic(ctx.req.headers.authorization, "basic-rfc6749") : undefined;
    const posted = ctx.form.has("client_secret") ? { id: ctx.form.get("client_id") ?? "", secret: ctx.form.get("client_secret") ?? "" } : undefined;
    if (basic && posted) return oauthError(ctx, 400, "invalid_request", "Use one client authentication method"); // RFC 6749 §2.3
    const client = basic ?? posted;
    if (!client || client.id !== credentials.apiKey || client.secret !== credentials.apiSecret) {
      return oauthError(ctx, 401, "invalid_client", "Client authentication failed", { "www-authenticate": `Basic realm="${REALM}"` });
    }
    if (!enabled) return oauthError(ctx, 401, "invalid_client", DISABLED, { "www-authenticate": `Basic realm="${REALM}"` });
    const grant = ctx.form.get("grant_type");
    let issued: IssuedToken;
    if (grant === "authorization_code") {
      const code = ctx.form.get("code") ?? "";
      const c = codes.get(code);
      codes.delete(code); // one use (RFC 6749 §4.1.2)
      if (!c || clock() > c.expiresAt) return oauthError(ctx, 400, "invalid_grant", "The code is invalid, expired or already used");
      if (c.redirectUri !== null && ctx.form.get("redirect_uri") !== c.redirectUri) {
        return oauthError(ctx, 400, "invalid_grant", "redirect_uri does not match the authorization request"); // RFC 6749 §4.1.3
      }
      // RFC 7636 §4.6: a code issued for a challenge needs the matching verifier. Without a
      // challenge, a code_verifier is ignored, as a server that does not know PKCE does.
      if (c.pkce && !pkceVerified(c.pkce, ctx.form.get("code_verifier"))) return oauthError(ctx, 400, "invalid_grant", "PKCE verification failed");
      issued = issuer.issue(credentials.apiKey, c.scopes, { withRefreshToken: options.refreshTokens !== false });
    } else if (grant === "refresh_token") {
      const old = issuer.redeemRefreshToken(ctx.form.get("refresh_token") ?? "");
      if (!old) return oauthError(ctx, 400, "invalid_grant", "The refresh token is invalid or already used");
      issued = issuer.issue(credentials.apiKey, old.scopes, { withRefreshToken: true });
    } else if (!grant) return oauthError(ctx, 400, "invalid_request", "grant_type is required");
    else return oauthError(ctx, 400, "unsupported_grant_type");
    const body: Record<string, string | number> = {
      access_token: issued.token,
      token_type: "bearer",
      expires_in: Math.round((issued.expiresAt - issued.issuedAt) / 1000),
      scope: issued.scopes.join(" "),
    };
    if (issued.refreshToken) body.refresh_token = issued.refreshToken;
    ctx.json(200, body, { "cache-control": "no-store", pragma: "no-cache" });
  }

  function resource(ctx: RouteContext, rule: Rule) {
    const challenge = (status: number, error: string, extra: string) =>
      ctx.json(status, { error }, { "www-authenticate": `Bearer realm="${REALM}", error="${error}"${extra}` });
    const m = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "");
    if (!m) return ctx.json(401, { error: "unauthorized" }, { "www-authenticate": `Bearer realm="${REALM}"` }); // RFC 6750 §3.1
    if (!enabled) return challenge(401, "invalid_token", `, error_description="${DISABLED}"`);
    const info = issuer.verify(m[1]!);
    if (!info) return challenge(401, "invalid_token", ', error_description="The access token expired or is not known"');
    const method = ctx.req.method ?? "GET";
    const creates = method === "POST" && rule.create && /^\/api\/v1\/jobs$/.test(ctx.url.pathname);
    const needs = creates ? rule.create! : method === "GET" || method === "HEAD" ? rule.read : rule.write;
    if (!needs.some((s) => info.scopes.includes(s))) return challenge(403, "insufficient_scope", `, scope="${needs[0]}"`);
    if (method !== "GET" && method !== "HEAD" && ctx.body) {
      // docs/providers.md#imagen-applications: requests should be UTF-8.
      const charset = /;\s*charset="?([^";\s]+)/i.exec(String(ctx.req.headers["content-type"] ?? ""))?.[1];
      if (charset && charset.toLowerCase() !== "utf-8") return ctx.json(415, { error: "unsupported_charset", message: "Send UTF-8" });
    }
    const recordId = /^\/api\/v1\/records\/([^/]+)$/.exec(ctx.url.pathname)?.[1];
    if (ctx.url.pathname === "/api/v1/records" && method === "POST") {
      let title: unknown;
      try {
        title = (JSON.parse(ctx.body) as { title?: unknown }).title;
      } catch {
        return ctx.json(400, { error: "invalid_json" });
      }
      if (typeof title !== "string") return ctx.json(400, { error: "title is required" });
      const rec = { id: String(records.size + 1), title };
      records.set(rec.id, rec);
      return ctx.json(201, rec, { location: `/api/v1/records/${rec.id}` });
    }
    if (recordId !== undefined && method === "GET") {
      const rec = records.get(recordId);
      return rec ? ctx.json(200, rec) : ctx.json(404, { error: "not_found" });
    }
    if (ctx.url.pathname === "/api/v1/records" && method === "GET") return ctx.json(200, { items: [...records.values()] });
    ctx.json(200, { ok: true, method, path: ctx.url.pathname, scopes: info.scopes });
  }

  const server = await startServer(
    (ctx) => {
      const path = ctx.url.pathname;
      if (path === "/oauth/authorize") return authorize(ctx);
      if (path === tokenPath) return token(ctx);
      const rule = RULES.find((r) => r.path.test(path));
      if (rule) return resource(ctx, rule);
    },
    serverOptions(options),
  );
  return {
    url: server.url,
    authorizeUrl: `${server.url}/oauth/authorize`,
    tokenUrl: server.url + tokenPath,
    apiUrl: `${server.url}/api/v1`,
    credentials,
    requests: server.requests,
    issuer,
    records,
    get enabled() {
      return enabled;
    },
    setEnabled(on) {
      enabled = on;
    },
    setConsent(c) {
      consent = c;
    },
    setGrantedScopes(s) {
      granted = [...s];
    },
    setFault(fault) {
      if (fault?.kind === "expireTokens") return issuer.expireAll();
      if (fault?.kind === "disableApplication") {
        enabled = false;
        return;
      }
      server.setFault(fault);
    },
    close: () => server.close(),
  };
}
