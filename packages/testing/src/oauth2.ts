import type { RouteContext } from "./route-context.js";
import type { TokenIssuer } from "./token-issuer.js";

/** RFC 6749 §5.2 error response. */
export function oauthError(ctx: RouteContext, status: number, error: string, description?: string, headers: Record<string, string> = {}): void {
  ctx.json(status, description ? { error, error_description: description } : { error }, { "cache-control": "no-store", pragma: "no-cache", ...headers });
}

/** How the emulated token endpoint expects the client to authenticate (RFC 6749 §2.3.1). */
export type ClientAuthMode = "basic-raw" | "basic-rfc6749" | "post";

/** Decode an `Authorization: Basic` header into id and secret, as the given mode specifies. */
export function decodeBasic(header: string | undefined, mode: "basic-raw" | "basic-rfc6749"): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0) return undefined;
  let id = decoded.slice(0, i);
  let secret = decoded.slice(i + 1);
  if (mode === "basic-rfc6749") {
    try {
      id = decodeURIComponent(id.replace(/\+/g, " "));
      secret = decodeURIComponent(secret.replace(/\+/g, " "));
    } catch {
      return undefined;
    }
  }
  return { id, secret };
}

/**
 * Check a protected-resource request's bearer token (RFC 6750 §2.1, §3). Answers 401 with a
 * `WWW-Authenticate: Bearer` challenge itself and returns undefined when it is not valid.
 */
export function requireBearer(ctx: RouteContext, issuer: TokenIssuer, realm = "emulator") {
  const header = ctx.req.headers.authorization ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) {
    ctx.json(401, { error: "unauthorized" }, { "www-authenticate": `Bearer realm="${realm}"` });
    return undefined;
  }
  const info = issuer.verify(m[1]!);
  if (!info) {
    ctx.json(401, { error: "invalid_token" }, {
      "www-authenticate": `Bearer realm="${realm}", error="invalid_token", error_description="The access token expired or is not known"`,
    });
    return undefined;
  }
  return info;
}
