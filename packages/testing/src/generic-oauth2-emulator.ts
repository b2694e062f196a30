import type { Emulator } from "./emulator.js";
import { startServer, type TestServer } from "./http-server.js";
import { type ClientAuthMode, decodeBasic, oauthError, requireBearer } from "./oauth2.js";
import { type EmulatorServerOptions, serverOptions } from "./server-options.js";
import { type TokenEndpointFault, tokenFaults } from "./token-faults.js";
import { TokenIssuer } from "./token-issuer.js";

export interface OAuth2EmulatorOptions extends EmulatorServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** How clients authenticate. Default `basic-rfc6749`. */
  clientAuth?: ClientAuthMode;
  /** Token lifetime in seconds. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Path of the token endpoint. Default `/oauth/token`. */
  tokenPath?: string;
  /** Path of the RFC 7009 revocation endpoint. Default `/oauth/revoke`. */
  revocationPath?: string;
  /** Issue a refresh token with every token and accept `grant_type=refresh_token` (RFC 6749 §6), one use each. */
  refreshTokens?: boolean;
  /** Scopes granted (the `scope` of the response). */
  scopes?: string[];
  clock?: () => number;
}

/** The client a generic OAuth 2 emulator accepts. */
export type OAuth2Credentials = {
  clientId: string;
  clientSecret: string;
};

/**
 * A running generic OAuth 2 emulator: the {@link Emulator} shape and these extras. Faults: any
 * {@link Fault}, plus the token faults (`expireTokens`, `revokeTokens`, `badTokenResponse`).
 */
export interface OAuth2Emulator extends Emulator<OAuth2Credentials, TokenEndpointFault> {
  /** `POST` here for a token (RFC 6749 §4.4). */
  readonly tokenUrl: string;
  /** `POST token=...` here to revoke a token (RFC 7009 §2); same client authentication as the token endpoint. */
  readonly revocationUrl: string;
  /** The protected resource: `GET {url}/api/ping`. */
  readonly resourceUrl: string;
  /**
   * A careless resource: any method here answers 400 and echoes the `Authorization` header it
   * received, in its JSON body (`message`, `received.authorization`) and in an
   * `x-received-authorization` header. For canary tests of error redaction.
   */
  readonly echoUrl: string;
  /** The tokens issued, to inspect or expire them. */
  readonly issuer: TokenIssuer;
}

/**
 * A generic OAuth 2 client-credentials server (RFC 6749 §4.4) with a protected resource:
 * the machinery core's tests use, and a template for provider emulators. Client
 * authentication as `clientAuth` says (RFC 6749 §2.3.1: Basic with form-encoded or raw
 * id and secret, or both in the form body); errors as RFC 6749 §5.2 bodies.
 *
 * ```ts
 * const emulator = await startOAuth2Emulator({ tokenLifetimeSeconds: 60 });
 * emulator.setFault({ kind: "status", status: 503, times: 2 }); // down for two requests
 * // ... point the client at emulator.tokenUrl, then:
 * expect(emulator.requests.count("/oauth/token")).toBe(3);
 * ```
 */
export async function startOAuth2Emulator(options: OAuth2EmulatorOptions = {}): Promise<OAuth2Emulator> {
  const credentials = { clientId: options.clientId ?? "test-client", clientSecret: options.clientSecret ?? "test-secret" };
  const mode = options.clientAuth ?? "basic-rfc6749";
  const tokenPath = options.tokenPath ?? "/oauth/token";
  const revocationPath = options.revocationPath ?? "/oauth/revoke";
  const issuer = new TokenIssuer({ lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600, ...(options.clock ? { clock: options.clock } : {}) });
  const faults = tokenFaults(issuer, () => server);
  const server: TestServer = await startServer(
    (ctx) => {
      if (ctx.url.pathname === tokenPath || ctx.url.pathname === revocationPath) {
        if (ctx.req.method !== "POST") return ctx.send(405, "method not allowed", { allow: "POST" });
        let client: { id: string; secret: string } | undefined;
        if (mode === "post") {
          const id = ctx.form.get("client_id");
          const secret = ctx.form.get("client_secret");
          if (id !== null && secret !== null) client = { id, secret };
        } else client = decodeBasic(ctx.req.headers.authorization, mode);
        if (!client || client.id !== credentials.clientId || client.secret !== credentials.clientSecret) {
          return oauthError(ctx, 401, "invalid_client", "Client authentication failed", mode === "post" ? {} : { "www-authenticate": 'Basic realm="emulator"' });
        }
        if (ctx.url.pathname === revocationPath) {
          const token = ctx.form.get("token");
          if (!token) return oauthError(ctx, 400, "invalid_request", "token is required");
          issuer.revoke(token);
          return ctx.send(200, "");
        }
        const grant = ctx.form.get("grant_type");
        if (!grant) return oauthError(ctx, 400, "invalid_request", "grant_type is required");
        const refresh = options.refreshTokens === true && grant === "refresh_token";
        if (grant !== "client_credentials" && !refresh) return oauthError(ctx, 400, "unsupported_grant_type");
        if (refresh && !issuer.redeemRefreshToken(ctx.form.get("refresh_token") ?? "")) {
          return oauthError(ctx, 400, "invalid_grant", "The refresh token is invalid, expired or revoked");
        }
        const t = issuer.issue(client.id, options.scopes ?? ["read"], { withRefreshToken: options.refreshTokens === true });
        const fields: [string, unknown][] = [
          ["access_token", t.token],
          ["token_type", "Bearer"],
          ["expires_in", Math.round((t.expiresAt - t.issuedAt) / 1000)],
          ["scope", t.scopes.join(" ")],
          ...(t.refreshToken ? [["refresh_token", t.refreshToken] as [string, unknown]] : []),
        ];
        return ctx.json(200, Object.fromEntries(faults.spoil(fields)), { "cache-control": "no-store" });
      }
      if (ctx.url.pathname === "/api/echo-error") {
        const authorization = ctx.req.headers.authorization ?? "";
        const body = { error: "bad_request", message: `Rejected request with Authorization: ${authorization}`, received: { authorization } };
        return ctx.json(400, body, { "x-received-authorization": authorization });
      }
      if (ctx.url.pathname === "/api/ping") {
        const info = requireBearer(ctx, issuer);
        if (info) ctx.json(200, { ok: true, clientId: info.clientId, method: ctx.req.method });
      }
    },
    serverOptions(options),
  );
  return {
    url: server.url,
    tokenUrl: server.url + tokenPath,
    revocationUrl: server.url + revocationPath,
    resourceUrl: `${server.url}/api/ping`,
    echoUrl: `${server.url}/api/echo-error`,
    credentials,
    requests: server.requests,
    issuer,
    setFault: faults.setFault,
    close: () => server.close(),
  };
}
