import type { Emulator } from "./emulator.js";
import { startServer, type TestServer } from "./http-server.js";
import { decodeBasic, oauthError, requireBearer } from "./oauth2.js";
import { type EmulatorServerOptions, serverOptions } from "./server-options.js";
import { type TokenEndpointFault, tokenFaults } from "./token-faults.js";
import { TokenIssuer } from "./token-issuer.js";

/** The example API key of docs/providers.md#metapack. */
export const METAPACK_EXAMPLE_API_KEY = { apiKeyId: "1DR3434KDFJLR32L53L4235J6", apiKeySecret: "wqe34tyyh7679jokkDa$7df46bbbbjui+b7-sdfsdfY" } as const;

/** The scopes of the document's example response. */
const EXAMPLE_SCOPES = ["can-create-locations", "can-delete-own-locations", "can-update-own-locations", "can-create-own-location-rules"];

/** Faults of the machinery plus the token faults (`expireTokens`, `revokeTokens`, `badTokenResponse`). */
export type MetapackFault = TokenEndpointFault;

export interface MetapackEmulatorOptions extends EmulatorServerOptions {
  /** Default: the document's example key. */
  apiKeyId?: string;
  apiKeySecret?: string;
  /** Token lifetime (`expires_in`), seconds. Default 3600, as in the document. */
  tokenLifetimeSeconds?: number;
  /** Scopes in the response. Default: the document's example scopes. */
  scopes?: string[];
  clock?: () => number;
}

/** The API key a Metapack emulator accepts. */
export type MetapackCredentials = {
  apiKeyId: string;
  apiKeySecret: string;
  /** An `apiKey.properties` text with this key. */
  properties: string;
};

/** A running Metapack emulator: the {@link Emulator} shape (`url` is the environment URL, the client's `baseUrl`) and these extras. */
export interface MetapackEmulator extends Emulator<MetapackCredentials, MetapackFault> {
  /** `POST {url}/oauth`. */
  readonly tokenUrl: string;
  /** The protected resource: `GET {url}/api/ping`. */
  readonly resourceUrl: string;
  readonly issuer: TokenIssuer;
  /** Lifetime of tokens issued from now on, seconds. */
  setTokenLifetime(seconds: number): void;
}

/**
 * A local Metapack (docs/providers.md#metapack): `POST /oauth` with HTTP Basic of the raw
 * `id:secret` (decoded without form-decoding, as the document's example shows) and
 * `grant_type=client_credentials` as a form body; answers like the document's example
 * (`token_type` "bearer", `scope` with a trailing space, `expires_in` a number, the CORS and
 * Express headers). Wrong or missing credentials: RFC 6749 §5.2 `invalid_client` with 401.
 */
export async function startMetapackEmulator(options: MetapackEmulatorOptions = {}): Promise<MetapackEmulator> {
  const apiKeyId = options.apiKeyId ?? METAPACK_EXAMPLE_API_KEY.apiKeyId;
  const apiKeySecret = options.apiKeySecret ?? METAPACK_EXAMPLE_API_KEY.apiKeySecret;
  const scopes = options.scopes ?? EXAMPLE_SCOPES;
  const issuer = new TokenIssuer({ lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600, ...(options.clock ? { clock: options.clock } : {}) });
  const faults = tokenFaults(issuer, () => server);
  const server: TestServer = await startServer(
    (ctx) => {
      if (ctx.url.pathname === "/oauth") {
        if (ctx.req.method !== "POST") return ctx.send(405, "Method Not Allowed", { allow: "POST" });
        const client = decodeBasic(ctx.req.headers.authorization, "basic-raw");
        if (!client || client.id !== apiKeyId || client.secret !== apiKeySecret) {
          return oauthError(ctx, 401, "invalid_client", "Invalid API key id or secret", { "www-authenticate": 'Basic realm="metapack"' });
        }
        if (!(ctx.req.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
          return oauthError(ctx, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        }
        const grant = ctx.form.get("grant_type");
        if (!grant) return oauthError(ctx, 400, "invalid_request", "grant_type is required");
        // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
        if (ctx.form.getAll("grant_type").length > 1) return oauthError(ctx, 400, "invalid_request", "Repeated parameter: grant_type");
        if (grant !== "client_credentials") return oauthError(ctx, 400, "unsupported_grant_type");
        const t = issuer.issue(client.id, scopes);
        const fields: [string, unknown][] = Object.entries({
          access_token: t.token,
          expires_in: Math.round((t.expiresAt - t.issuedAt) / 1000),
          // As in the document: space-separated, with a trailing space.
          scope: `${scopes.join(" ")} `,
          token_type: "bearer",
        });
        const body = Object.fromEntries(faults.spoil(fields));
        return ctx.send(200, JSON.stringify(body, null, 4), {
          "access-control-allow-headers": "X-Requested-With,Content-Type",
          "access-control-allow-methods": "GET,PUT,POST,DELETE",
          "access-control-allow-origin": "*",
          "content-type": "application/json; charset=utf-8",
          "x-powered-by": "Express",
        });
      }
      if (ctx.url.pathname === "/api/ping") {
        const info = requireBearer(ctx, issuer, "metapack");
        if (info) ctx.json(200, { ok: true, apiKeyId: info.clientId, method: ctx.req.method });
      }
    },
    serverOptions(options),
  );
  return {
    url: server.url,
    tokenUrl: `${server.url}/oauth`,
    resourceUrl: `${server.url}/api/ping`,
    credentials: { apiKeyId, apiKeySecret, properties: `apiKey.id = ${escapeProperty(apiKeyId)}\napiKey.secret = ${escapeProperty(apiKeySecret)}\n` },
    requests: server.requests,
    issuer,
    setFault: faults.setFault,
    setTokenLifetime(seconds) {
      issuer.lifetimeSeconds = seconds;
    },
    close: () => server.close(),
  };
}

// Java .properties escaping of a value (leading blank, backslash, line breaks, non-ASCII).
function escapeProperty(value: string): string {
  return value.replace(/[\\\n\r\t\f]|^[ ]|[^\x20-\x7e]/g, (c) => {
    if (c === "\\") return "\\\\";
    if (c === " ") return "\\ ";
    const simple: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f" };
    return simple[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
