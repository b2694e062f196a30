import { randomBytes, randomUUID } from "node:crypto";
import {
  computeBaseString,
  HeaderError,
  hmacSha1Signature,
  type OAuthHeader,
  parseAuthorizationHeader,
  signaturesEqual,
} from "./bynder/rfc5849-verifier.js";
import type { Fault } from "./faults.js";
import { startServer } from "./http-server.js";
import type { RequestLog } from "./request-log.js";
import type { RouteContext } from "./route-context.js";
import { type EmulatorServerOptions, serverOptions } from "./server-options.js";

/** A key and secret pair (consumer or token). */
export interface BynderKeyPair {
  key: string;
  secret: string;
}

export interface BynderEmulatorOptions extends EmulatorServerOptions {
  /** The consumer (pysettings > API tokens > Create new consumer). Default: random. */
  consumer?: BynderKeyPair;
  /** A permanent token for that consumer (no expiry). Default: random. */
  permanentToken?: BynderKeyPair;
  /** Request token validity, ms. Default 10 minutes (docs/providers.md#bynder-handshake, step 1). */
  requestTokenLifetimeMs?: number;
  /** Access token validity, ms. Default 30 days (docs/providers.md#bynder-tokens). */
  accessTokenLifetimeMs?: number;
  /** Accepted clock difference of `oauth_timestamp`, ms. Default 10 minutes. */
  timestampWindowMs?: number;
  /** The emulator's time (epoch ms). Default Date.now. Also sent as the `Date` header. */
  clock?: () => number;
}

/** Faults of {@link Fault}, plus Bynder-specific misbehaviour. */
export type BynderFault =
  | Fault
  /** Every issued temporary token (request and access) expires now. */
  | { kind: "expireTokens" }
  /** Every token is revoked (as in the portal); the permanent one too. */
  | { kind: "revokeTokens" }
  /** The consumer is deleted in the portal. */
  | { kind: "disableConsumer" }
  /** The token's user loses permission: the API answers 401 permission_denied. */
  | { kind: "denyPermission" };

interface IssuedToken {
  kind: "request" | "access" | "permanent";
  key: string;
  secret: string;
  issuedAt: number;
  expiresAt: number;
  authorised: boolean;
  used: boolean;
  revoked: boolean;
}

export interface BynderEmulator {
  /** Base URL, e.g. `http://127.0.0.1:43123`: pass it as `baseUrl`. */
  readonly url: string;
  readonly consumer: BynderKeyPair;
  readonly permanentToken: BynderKeyPair;
  /** `GET/POST {url}/api/v4/media/`: the protected resource. */
  readonly mediaUrl: string;
  readonly requests: RequestLog;
  setFault(fault: BynderFault | null): void;
  /** The base string the verifier computed for the last request it checked (debugging). */
  readonly lastBaseString: string | undefined;
  /** Issue an access token directly, as a completed handshake would. */
  issueAccessToken(): BynderKeyPair & { expiresAt: number };
  /** Mark a request token as authorised by the user, without the browser. */
  authorise(requestTokenKey: string): void;
  close(): Promise<void>;
}

const FORM = "application/x-www-form-urlencoded";

/**
 * The Bynder OAuth 1.0a endpoints as docs/providers.md#bynder describes them, on 127.0.0.1:
 * - `POST /api/v4/oauth/request_token/` signed with the consumer only -> a request token
 *   (form-encoded `oauth_token` / `oauth_token_secret`), valid 10 minutes, single use;
 * - `GET /api/v4/oauth/authorise/?oauth_token=...` (or `auth_token`, the table's name)
 *   `&callback=...`: the user "logs in" and is redirected to the callback with `oauth_token`,
 *   or, without a callback, shown the token;
 * - `POST /api/v4/oauth/access_token/` signed with consumer + authorised request token ->
 *   an access token valid 30 days; the request token is spent;
 * - `GET/POST /api/v4/media/` and `/api/v4/media/{id}/`, signed with consumer + access or
 *   permanent token.
 *
 * Every signed request is verified per RFC 5849 §3.4 (an independent verifier), with
 * timestamps within ±10 minutes and no nonce replay. A refusal is 401 with
 * `WWW-Authenticate: OAuth` and an OAuth Problem Reporting body (`oauth_problem=...`); a bad
 * signature's body carries the base string the emulator computed.
 */
export async function startBynderEmulator(options: BynderEmulatorOptions = {}): Promise<BynderEmulator> {
  const clock = options.clock ?? Date.now;
  const consumer: BynderKeyPair = options.consumer ?? { key: randomUUID().toUpperCase(), secret: randomBytes(20).toString("hex") };
  const permanentToken: BynderKeyPair = options.permanentToken ?? { key: randomUUID().toUpperCase(), secret: randomBytes(20).toString("hex") };
  const requestLifetime = options.requestTokenLifetimeMs ?? 10 * 60_000;
  const accessLifetime = options.accessTokenLifetimeMs ?? 30 * 24 * 3_600_000;
  const window = options.timestampWindowMs ?? 10 * 60_000;
  const tokens = new Map<string, IssuedToken>();
  tokens.set(permanentToken.key, {
    kind: "permanent",
    ...permanentToken,
    issuedAt: clock(),
    expiresAt: Number.POSITIVE_INFINITY,
    authorised: true,
    used: false,
    revoked: false,
  });
  // Nonces seen, with their timestamps (s): a nonce may not come back within the window.
  const nonces = new Map<string, number>();
  let consumerDisabled = false;
  let permissionDenied = false;
  let lastBaseString: string | undefined;

  const issue = (kind: "request" | "access", lifetime: number): IssuedToken => {
    const now = clock();
    const t: IssuedToken = {
      kind,
      key: randomUUID().toUpperCase(),
      secret: randomBytes(20).toString("hex").toUpperCase(),
      issuedAt: now,
      expiresAt: now + lifetime,
      authorised: false,
      used: false,
      revoked: false,
    };
    tokens.set(t.key, t);
    return t;
  };

  const date = () => new Date(clock()).toUTCString();
  const problem = (ctx: RouteContext, status: number, name: string, advice: string, extra: Record<string, string> = {}) => {
    const body = new URLSearchParams({ oauth_problem: name, oauth_problem_advice: advice, ...extra });
    ctx.send(status, body.toString(), { "content-type": FORM, "www-authenticate": `OAuth realm="${ctx.base}/"`, date: date() });
  };

  /**
   * Verify the OAuth signature of a request; answers the 401 itself and returns undefined
   * when it fails. `allowed` says which token kinds this endpoint takes (none: consumer only).
   */
  function verify(ctx: RouteContext, allowed: IssuedToken["kind"][]): { header: OAuthHeader; token?: IssuedToken } | undefined {
    let header: OAuthHeader;
    try {
      header = parseAuthorizationHeader(ctx.req.headers.authorization);
    } catch (error) {
      const e = error as HeaderError;
      problem(ctx, e instanceof HeaderError && e.problem === "parameter_absent" ? 401 : 400, e.problem ?? "parameter_rejected", e.message, e.extra ?? {});
      return undefined;
    }
    const p = header.params;
    if (p.get("oauth_signature_method") !== "HMAC-SHA1") {
      problem(ctx, 400, "signature_method_rejected", "Only HMAC-SHA1 is accepted.");
      return undefined;
    }
    const version = p.get("oauth_version");
    if (version !== undefined && version !== "1.0") {
      problem(ctx, 400, "version_rejected", "oauth_version must be 1.0.", { oauth_acceptable_versions: "1.0-1.0" });
      return undefined;
    }
    if (p.get("oauth_consumer_key") !== consumer.key || consumerDisabled) {
      problem(ctx, 401, consumerDisabled ? "consumer_key_rejected" : "consumer_key_unknown", "Unknown or disabled consumer.");
      return undefined;
    }
    const tokenKey = p.get("oauth_token");
    let token: IssuedToken | undefined;
    if (allowed.length === 0) {
      if (tokenKey !== undefined && tokenKey !== "") {
        problem(ctx, 400, "parameter_rejected", "This endpoint is signed with the consumer only.", { oauth_parameters_rejected: "oauth_token" });
        return undefined;
      }
    } else {
      token = tokenKey === undefined ? undefined : tokens.get(tokenKey);
      if (!token || !allowed.includes(token.kind)) {
        if (tokenKey === undefined) problem(ctx, 401, "parameter_absent", "oauth_token is required.", { oauth_parameters_absent: "oauth_token" });
        else problem(ctx, 401, "token_rejected", "Unknown token for this endpoint.");
        return undefined;
      }
      if (token.revoked) {
        problem(ctx, 401, "token_revoked", "The token was revoked.");
        return undefined;
      }
      if (token.used) {
        problem(ctx, 401, "token_used", "The request token was already exchanged.");
        return undefined;
      }
      if (clock() >= token.expiresAt) {
        problem(ctx, 401, "token_expired", token.kind === "request" ? "Request tokens are valid for 10 minutes." : "Temporary tokens are valid for 30 days.");
        return undefined;
      }
    }
    const ts = p.get("oauth_timestamp")!;
    const nowS = Math.floor(clock() / 1000);
    const windowS = Math.floor(window / 1000);
    if (!/^\d+$/.test(ts) || Math.abs(Number(ts) - nowS) > windowS) {
      problem(ctx, 401, "timestamp_refused", "oauth_timestamp is too far from the server's time.", { oauth_acceptable_timestamps: `${nowS - windowS}-${nowS + windowS}` });
      return undefined;
    }
    const base = computeBaseString(
      {
        method: ctx.req.method ?? "GET",
        scheme: "http",
        host: ctx.req.headers.host ?? "",
        target: ctx.req.url ?? "/",
        contentType: ctx.req.headers["content-type"],
        body: ctx.body,
      },
      header,
    );
    lastBaseString = base;
    const expected = hmacSha1Signature(base, consumer.secret, token?.secret ?? "");
    if (!signaturesEqual(header.signature, expected)) {
      problem(ctx, 401, "signature_invalid", "The signature does not match; compare your base string with oauth_signature_base_string.", {
        oauth_signature_base_string: base,
      });
      return undefined;
    }
    // §3.3: a nonce is unique for the timestamp, consumer and token; keep what could replay.
    for (const [n, t] of nonces) if (t < nowS - 2 * windowS) nonces.delete(n);
    const nonceKey = `${consumer.key}&${tokenKey ?? ""}&${ts}&${p.get("oauth_nonce")}`;
    const nonceOnly = `${consumer.key}&${p.get("oauth_nonce")}`;
    if (nonces.has(nonceKey) || nonces.has(nonceOnly)) {
      problem(ctx, 401, "nonce_used", "This nonce was used before.");
      return undefined;
    }
    nonces.set(nonceKey, Number(ts));
    nonces.set(nonceOnly, Number(ts));
    return token ? { header, token } : { header };
  }

  const pair = (ctx: RouteContext, t: IssuedToken) =>
    ctx.send(200, `oauth_token=${encodeURIComponent(t.key)}&oauth_token_secret=${encodeURIComponent(t.secret)}`, { "content-type": FORM, date: date() });

  const server = await startServer(
    (ctx) => {
      const path = ctx.url.pathname;
      const method = ctx.req.method ?? "GET";
      if (path === "/api/v4/oauth/request_token/") {
        if (method !== "POST") return ctx.send(405, "method not allowed", { allow: "POST" });
        if (!verify(ctx, [])) return;
        return pair(ctx, issue("request", requestLifetime));
      }
      if (path === "/api/v4/oauth/authorise/") {
        if (method !== "GET") return ctx.send(405, "method not allowed", { allow: "GET" });
        // The document's table names the parameter auth_token, its example URL oauth_token.
        const a = ctx.url.searchParams.get("oauth_token");
        const b = ctx.url.searchParams.get("auth_token");
        if (a !== null && b !== null && a !== b) return ctx.send(400, "oauth_token and auth_token differ", { date: date() });
        const key = a ?? b;
        const t = key === null ? undefined : tokens.get(key);
        if (t?.kind !== "request") return ctx.send(400, "Unknown request token (oauth_token).", { date: date() });
        if (t.used || t.revoked || clock() >= t.expiresAt) return ctx.send(400, "The request token has expired or was already used.", { date: date() });
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
        return ctx.send(200, html, { "content-type": "text/html; charset=utf-8", date: date() });
      }
      if (path === "/api/v4/oauth/access_token/") {
        if (method !== "POST") return ctx.send(405, "method not allowed", { allow: "POST" });
        const ok = verify(ctx, ["request"]);
        if (!ok) return;
        const rt = ok.token!;
        if (!rt.authorised) return problem(ctx, 401, "permission_unknown", "The user has not authorised this request token yet.");
        // "since the handshake has been completed, the Request Token is immediately expired".
        rt.used = true;
        return pair(ctx, issue("access", accessLifetime));
      }
      const mediaId = /^\/api\/v4\/media\/([^/]+)\/$/.exec(path)?.[1];
      if (path === "/api/v4/media/" || mediaId !== undefined) {
        if (method !== "GET" && method !== "POST") return ctx.send(405, "method not allowed", { allow: "GET, POST" });
        const ok = verify(ctx, ["access", "permanent"]);
        if (!ok) return;
        if (permissionDenied) return problem(ctx, 401, "permission_denied", "The token's user may not list media.");
        const query: [string, string][] = [...ctx.url.searchParams];
        const form: [string, string][] = [...ctx.form];
        const item = { id: mediaId ?? "00000000-0000-0000-0000000000000001", name: "emulator.jpg", type: "image" };
        return ctx.json(200, { method, query, form, ...(mediaId === undefined ? { media: [item] } : { item }) }, { date: date() });
      }
    },
    serverOptions(options),
  );

  return {
    url: server.url,
    consumer,
    permanentToken,
    mediaUrl: `${server.url}/api/v4/media/`,
    requests: server.requests,
    get lastBaseString() {
      return lastBaseString;
    },
    setFault(fault) {
      if (fault === null) {
        consumerDisabled = false;
        permissionDenied = false;
        server.setFault(null);
        return;
      }
      switch (fault.kind) {
        case "expireTokens":
          for (const t of tokens.values()) if (t.kind !== "permanent") t.expiresAt = Math.min(t.expiresAt, clock());
          return;
        case "revokeTokens":
          for (const t of tokens.values()) t.revoked = true;
          return;
        case "disableConsumer":
          consumerDisabled = true;
          return;
        case "denyPermission":
          permissionDenied = true;
          return;
        default:
          server.setFault(fault);
      }
    },
    issueAccessToken() {
      const t = issue("access", accessLifetime);
      return { key: t.key, secret: t.secret, expiresAt: t.expiresAt };
    },
    authorise(key) {
      const t = tokens.get(key);
      if (t?.kind !== "request") throw new Error("not a request token of this emulator");
      t.authorised = true;
    },
    close: () => server.close(),
  };
}
