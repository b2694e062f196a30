import type { RouteContext } from "../route-context.js";
import { sendProblem } from "./oauth-problem.js";
import { computeBaseString, HeaderError, hmacSha1Signature, type OAuthHeader, parseAuthorizationHeader, signaturesEqual } from "./rfc5849-verifier.js";
import type { BynderKeyPair, BynderToken, BynderTokenStore } from "./token-store.js";

/** What the verifier needs: the consumer, the tokens, the time and the portal's switches. */
export interface VerifierState {
  consumer: BynderKeyPair;
  tokens: BynderTokenStore;
  clock: () => number;
  /** Accepted clock difference of `oauth_timestamp`, ms. */
  timestampWindowMs: number;
  /** The consumer was deleted in the portal (the `disableConsumer` fault). */
  consumerDisabled: boolean;
}

/** A request that passed: its OAuth parameters and the token it was signed with (none: consumer only). */
export interface VerifiedRequest {
  header: OAuthHeader;
  token?: BynderToken;
}

/**
 * Checks signed requests as a Bynder server would: the header (RFC 5849 §3.5.1), the signature
 * method, the consumer, the token (kind, revoked, used, expired), the timestamp window, the
 * HMAC-SHA1 signature over the base string of an independent verifier (§3.4), and nonce replay
 * (§3.3). A refusal is answered here (401/400 with `oauth_problem`).
 */
export function createRequestVerifier(state: VerifierState) {
  // Nonces seen, with their timestamps (s): a nonce may not come back within the window.
  const nonces = new Map<string, number>();
  let lastBaseString: string | undefined;
  const problem = (ctx: RouteContext, status: number, name: string, advice: string, extra?: Record<string, string>) => {
    sendProblem(ctx, state.clock, status, name, advice, extra);
    return undefined;
  };

  function checkToken(ctx: RouteContext, tokenKey: string | undefined, allowed: BynderToken["kind"][]): BynderToken | null | undefined {
    if (allowed.length === 0) {
      if (tokenKey !== undefined && tokenKey !== "") {
        return problem(ctx, 400, "parameter_rejected", "This endpoint is signed with the consumer only.", { oauth_parameters_rejected: "oauth_token" });
      }
      return null;
    }
    const token = state.tokens.get(tokenKey);
    if (!token || !allowed.includes(token.kind)) {
      if (tokenKey === undefined) return problem(ctx, 401, "parameter_absent", "oauth_token is required.", { oauth_parameters_absent: "oauth_token" });
      return problem(ctx, 401, "token_rejected", "Unknown token for this endpoint.");
    }
    if (token.revoked) return problem(ctx, 401, "token_revoked", "The token was revoked.");
    if (token.used) return problem(ctx, 401, "token_used", "The request token was already exchanged.");
    if (state.clock() >= token.expiresAt) {
      return problem(ctx, 401, "token_expired", token.kind === "request" ? "Request tokens are valid for 10 minutes." : "Temporary tokens are valid for 30 days.");
    }
    return token;
  }

  /**
   * Verify the OAuth signature of a request; answers the refusal itself and returns undefined
   * when it fails. `allowed` says which token kinds this endpoint takes (none: consumer only).
   */
  function verify(ctx: RouteContext, allowed: BynderToken["kind"][]): VerifiedRequest | undefined {
    let header: OAuthHeader;
    try {
      header = parseAuthorizationHeader(ctx.req.headers.authorization);
    } catch (error) {
      const e = error as HeaderError;
      return problem(ctx, e instanceof HeaderError && e.problem === "parameter_absent" ? 401 : 400, e.problem ?? "parameter_rejected", e.message, e.extra ?? {});
    }
    const p = header.params;
    if (p.get("oauth_signature_method") !== "HMAC-SHA1") return problem(ctx, 400, "signature_method_rejected", "Only HMAC-SHA1 is accepted.");
    const version = p.get("oauth_version");
    if (version !== undefined && version !== "1.0") return problem(ctx, 400, "version_rejected", "oauth_version must be 1.0.", { oauth_acceptable_versions: "1.0-1.0" });
    if (p.get("oauth_consumer_key") !== state.consumer.key || state.consumerDisabled) {
      return problem(ctx, 401, state.consumerDisabled ? "consumer_key_rejected" : "consumer_key_unknown", "Unknown or disabled consumer.");
    }
    const tokenKey = p.get("oauth_token");
    const token = checkToken(ctx, tokenKey, allowed);
    if (token === undefined) return undefined;
    const ts = p.get("oauth_timestamp")!;
    const nowS = Math.floor(state.clock() / 1000);
    const windowS = Math.floor(state.timestampWindowMs / 1000);
    if (!/^\d+$/.test(ts) || Math.abs(Number(ts) - nowS) > windowS) {
      return problem(ctx, 401, "timestamp_refused", "oauth_timestamp is too far from the server's time.", { oauth_acceptable_timestamps: `${nowS - windowS}-${nowS + windowS}` });
    }
    const request = {
      method: ctx.req.method ?? "GET",
      scheme: "http",
      host: ctx.req.headers.host ?? "",
      target: ctx.req.url ?? "/",
      contentType: ctx.req.headers["content-type"],
      body: ctx.body,
    };
    const base = computeBaseString(request, header);
    lastBaseString = base;
    if (!signaturesEqual(header.signature, hmacSha1Signature(base, state.consumer.secret, token?.secret ?? ""))) {
      return problem(ctx, 401, "signature_invalid", "The signature does not match; compare your base string with oauth_signature_base_string.", {
        oauth_signature_base_string: base,
      });
    }
    // §3.3: a nonce is unique for the timestamp, consumer and token; keep what could replay.
    for (const [n, t] of nonces) if (t < nowS - 2 * windowS) nonces.delete(n);
    const nonceKey = `${state.consumer.key}&${tokenKey ?? ""}&${ts}&${p.get("oauth_nonce")}`;
    const nonceOnly = `${state.consumer.key}&${p.get("oauth_nonce")}`;
    if (nonces.has(nonceKey) || nonces.has(nonceOnly)) return problem(ctx, 401, "nonce_used", "This nonce was used before.");
    nonces.set(nonceKey, Number(ts));
    nonces.set(nonceOnly, Number(ts));
    return token ? { header, token } : { header };
  }

  return {
    verify,
    /** The base string computed for the last request checked (debugging). */
    get lastBaseString() {
      return lastBaseString;
    },
  };
}

export type RequestVerifier = ReturnType<typeof createRequestVerifier>;
