import type { Emulator } from "./emulator.js";
import { startServer, type TestServer } from "./http-server.js";
import { oauthError, requireBearer } from "./oauth2.js";
import { type EmulatorServerOptions, serverOptions } from "./server-options.js";
import { type TokenEndpointFault, tokenFaults } from "./token-faults.js";
import { TokenIssuer } from "./token-issuer.js";

/** The example credentials of docs/providers.md#configapi. */
export const CONFIGAPI_EXAMPLE_CREDENTIALS = { clientId: "sheila.thomas", clientSecret: "qkDwDJlDfig2IpeuUZYKH1Wb8q1V0ju6sILxQQqhJ" } as const;

/** Faults of the machinery plus the token faults (`expireTokens`, `revokeTokens`, `badTokenResponse`). */
export type ConfigApiFault = TokenEndpointFault;

export interface ConfigApiEmulatorOptions extends EmulatorServerOptions {
  /** The login ID. Default: the document's example. */
  clientId?: string;
  /** The API secret. Default: the document's example. */
  clientSecret?: string;
  /** The tenant the `scope` must name. Default: the emulator's host (`127.0.0.1:<port>`). */
  scope?: string;
  /** Token lifetime (`expires_in`, sent as a string), seconds. Default 3599, as in the document. */
  tokenLifetimeSeconds?: number;
  /** Send the document's example response shape verbatim, trailing comma included. Default false. */
  trailingComma?: boolean;
  clock?: () => number;
}

/** The client a ConfigAPI emulator accepts, and the tenant (`scope`) it expects. */
export type ConfigApiCredentials = {
  clientId: string;
  clientSecret: string;
  scope: string;
};

/** A running ConfigAPI emulator: the {@link Emulator} shape (`url` is the service URL, the client's `baseUrl`) and these extras. */
export interface ConfigApiEmulator extends Emulator<ConfigApiCredentials, ConfigApiFault> {
  /** `POST {url}/configapi/v2/oauth/token`. */
  readonly tokenUrl: string;
  /** The protected resource: `GET {url}/api/ping`. */
  readonly resourceUrl: string;
  readonly issuer: TokenIssuer;
  /** Lifetime of tokens issued from now on, seconds. */
  setTokenLifetime(seconds: number): void;
  /** Switch the verbatim trailing-comma response on or off. */
  setTrailingComma(on: boolean): void;
}

const TOKEN_PATH = "/configapi/v2/oauth/token";

/**
 * A local ConfigAPI (docs/providers.md#configapi): `POST /configapi/v2/oauth/token` with a
 * form body of `grant_type`, `client_id`, `client_secret` and `scope` (all required); answers
 * `{"access_token", "token_type": "Bearer", "expires_in": "3599"}` with `expires_in` a string,
 * as documented. A missing parameter is `invalid_request`, wrong credentials `invalid_client`
 * (401), another grant `unsupported_grant_type`, another tenant `invalid_scope` (RFC 6749 §5.2).
 */
export async function startConfigApiEmulator(options: ConfigApiEmulatorOptions = {}): Promise<ConfigApiEmulator> {
  const clientId = options.clientId ?? CONFIGAPI_EXAMPLE_CREDENTIALS.clientId;
  const clientSecret = options.clientSecret ?? CONFIGAPI_EXAMPLE_CREDENTIALS.clientSecret;
  const issuer = new TokenIssuer({ lifetimeSeconds: options.tokenLifetimeSeconds ?? 3599, ...(options.clock ? { clock: options.clock } : {}) });
  let trailingComma = options.trailingComma ?? false;
  const faults = tokenFaults(issuer, () => server);
  let scope = options.scope ?? "";
  const server: TestServer = await startServer(
    (ctx) => {
      if (ctx.url.pathname === TOKEN_PATH) {
        if (ctx.req.method !== "POST") return ctx.send(405, "Method Not Allowed", { allow: "POST" });
        // The document's example request: "Content-Type: application/x-www-form-urlencoded".
        if (!(ctx.req.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
          return oauthError(ctx, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        }
        const f = ctx.form;
        for (const name of ["grant_type", "client_id", "client_secret", "scope"]) {
          if (!f.get(name)) return oauthError(ctx, 400, "invalid_request", `Missing required parameter: ${name}`);
          // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
          if (f.getAll(name).length > 1) return oauthError(ctx, 400, "invalid_request", `Repeated parameter: ${name}`);
        }
        if (f.get("client_id") !== clientId || f.get("client_secret") !== clientSecret) {
          return oauthError(ctx, 401, "invalid_client", "Client authentication failed");
        }
        if (f.get("grant_type") !== "client_credentials") return oauthError(ctx, 400, "unsupported_grant_type");
        if (f.get("scope") !== scope) return oauthError(ctx, 400, "invalid_scope", "Unknown tenant");
        const t = issuer.issue(clientId, [scope]);
        const fields: [string, unknown][] = [
          ["access_token", t.token],
          ["token_type", "Bearer"],
          ["expires_in", String(Math.round((t.expiresAt - t.issuedAt) / 1000))],
        ];
        const body = faults.spoil(fields);
        // Laid out as the document's example response.
        const lines = body.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
        const text = `{\n${lines.join(",\n")}${trailingComma ? "," : ""}\n}`;
        return ctx.send(200, text, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      }
      if (ctx.url.pathname === "/api/ping") {
        const info = requireBearer(ctx, issuer, "configapi");
        if (info) ctx.json(200, { ok: true, clientId: info.clientId, method: ctx.req.method });
      }
    },
    serverOptions(options),
  );
  scope ||= new URL(server.url).host;
  return {
    url: server.url,
    tokenUrl: server.url + TOKEN_PATH,
    resourceUrl: `${server.url}/api/ping`,
    credentials: { clientId, clientSecret, scope },
    requests: server.requests,
    issuer,
    setFault: faults.setFault,
    setTokenLifetime(seconds) {
      issuer.lifetimeSeconds = seconds;
    },
    setTrailingComma(on) {
      trailingComma = on;
    },
    close: () => server.close(),
  };
}
