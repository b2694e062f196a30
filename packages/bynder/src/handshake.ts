/**
 * Bynder's three handshake endpoints (docs/providers.md#bynder-handshake), on core's RFC 5849
 * §2 helpers (`@auth/core/oauth1`): what is Bynder's here is the paths, the 10-minute single-use
 * request token, the 30-day access token, the callback on the authorise URL (not in
 * `oauth_callback`), the `oauth_token` / `auth_token` choice, and the 401 explanations.
 */
import { type AccessToken, ConfigurationError, createAccessToken, type FetchLike, FlowError, type Secret } from "@auth/core";
import { authorizationUrl, type OAuth1EndpointOptions, type OAuth1Signer, requestTemporaryCredentials, requestTokenCredentials } from "@auth/core/oauth1";
import { checkCallback } from "./callback-url.js";
import { type UnauthorizedPhase, unauthorizedFromResponse } from "./errors.js";
import { ACCESS_TOKEN_LIFETIME_MS, REQUEST_TOKEN_LIFETIME_MS } from "./options.js";
import { type RequestToken, redactedRequestToken } from "./request-token.js";

/** What the handshake needs from the factory. */
export interface HandshakeContext {
  baseUrl: string;
  signer: OAuth1Signer;
  clock: () => number;
  fetch: FetchLike;
  timeout: number;
  maxResponseBytes?: number;
  allowInsecure?: boolean;
  tokenParam: "oauth_token" | "auth_token" | "both";
  /** Values to redact from error text (consumer secret, tokens). */
  secrets: () => (string | Secret | undefined)[];
  /** Keep the access token (core's token cache and store). */
  adopt: (token: AccessToken) => Promise<void>;
}

/** Steps 1-3 of the handshake. */
export interface BynderHandshake {
  /** Step 1: `POST /api/v4/oauth/request_token/`, signed with the consumer only. */
  requestToken(options?: { callback?: string; signal?: AbortSignal }): Promise<RequestToken>;
  /** Step 2: the authorise page URL for the user's browser. */
  authoriseUrl(requestToken: RequestToken | string, options?: { callback?: string }): string;
  /**
   * Step 3: `POST /api/v4/oauth/access_token/`, signed with the consumer and the request
   * token. Stores and returns the access token (valid 30 days). Refuses (FlowError) a request
   * token older than 10 minutes or already exchanged, without calling the server.
   */
  accessToken(requestToken: RequestToken, options?: { signal?: AbortSignal }): Promise<AccessToken>;
}

const HINT = "Expected oauth_token=...&oauth_token_secret=... as in the Bynder document; check the base URL is your portal (https://company.bynder.com).";
const PATHS = { request_token: "/api/v4/oauth/request_token/", access_token: "/api/v4/oauth/access_token/" } as const;

export function createHandshake(ctx: HandshakeContext): BynderHandshake {
  // Request tokens exchanged (or being exchanged) by this instance: single use, step 3.
  const spent = new Set<string>();

  function endpoint(phase: Exclude<UnauthorizedPhase, "api">, signal: AbortSignal | undefined, more: (string | Secret | undefined)[]): OAuth1EndpointOptions & { url: string } {
    const what = `Bynder ${PATHS[phase]}`;
    return {
      url: `${ctx.baseUrl}${PATHS[phase]}`,
      signer: ctx.signer,
      fetch: ctx.fetch,
      timeout: ctx.timeout,
      // No retry: the server may have seen the nonce, and a request token step is the user's to restart.
      retry: 0,
      what,
      secrets: [...ctx.secrets(), ...more],
      acceptJson: true,
      hint: HINT,
      ...(ctx.maxResponseBytes === undefined ? {} : { maxResponseBytes: ctx.maxResponseBytes }),
      ...(ctx.allowInsecure ? { allowInsecure: true } : {}),
      ...(signal ? { signal } : {}),
      errorFromResponse: (r, { secrets }) =>
        r.status === 401
          ? unauthorizedFromResponse(new Response(r.text, { status: 401, statusText: r.statusText, headers: r.headers }), { phase, what, now: ctx.clock(), secrets })
          : undefined,
    };
  }

  return {
    async requestToken(opts = {}) {
      if (opts.callback !== undefined) checkCallback(opts.callback);
      // Bynder takes the callback on the authorise URL (step 2), not as oauth_callback.
      const temporary = await requestTemporaryCredentials({ ...endpoint("request_token", opts.signal, []), clock: ctx.clock });
      const issuedAt = temporary.requestedAt;
      return redactedRequestToken({
        key: temporary.key,
        secret: temporary.secret,
        issuedAt,
        expiresAt: issuedAt + REQUEST_TOKEN_LIFETIME_MS,
        ...(opts.callback === undefined ? {} : { callback: opts.callback }),
      });
    },

    authoriseUrl(requestToken, opts = {}) {
      const key = typeof requestToken === "string" ? requestToken : requestToken?.key;
      if (typeof key !== "string" || !key) throw new ConfigurationError("authoriseUrl needs the request token from requestToken().", { hint: "Call requestToken() first." });
      const callback = opts.callback ?? (typeof requestToken === "string" ? undefined : requestToken.callback);
      if (callback !== undefined) checkCallback(callback);
      const tokenParams = ctx.tokenParam === "both" ? ["oauth_token", "auth_token"] : [ctx.tokenParam];
      return authorizationUrl(`${ctx.baseUrl}/api/v4/oauth/authorise/`, key, { tokenParams, ...(callback === undefined ? {} : { params: { callback } }) });
    },

    async accessToken(requestToken, opts = {}) {
      if (!requestToken || typeof requestToken.key !== "string" || typeof requestToken.secret?.reveal !== "function") {
        throw new ConfigurationError("accessToken needs the request token object returned by requestToken().", { hint: "Pass the object, not only its key." });
      }
      const now = ctx.clock();
      if (spent.has(requestToken.key)) {
        throw new FlowError("This request token was already exchanged for an access token; a request token is single use.", {
          hint: "Start the login again: requestToken(), authorise in the browser, then accessToken().",
        });
      }
      if (now >= requestToken.expiresAt) {
        throw new FlowError(`The request token is ${Math.round((now - requestToken.issuedAt) / 60_000)} minutes old; request tokens are valid for 10 minutes.`, {
          hint: "Start the login again and complete the browser step within 10 minutes.",
        });
      }
      spent.add(requestToken.key);
      let credentials: Awaited<ReturnType<typeof requestTokenCredentials>>;
      try {
        const temporary = { key: requestToken.key, secret: requestToken.secret };
        credentials = await requestTokenCredentials({ ...endpoint("access_token", opts.signal, [requestToken.key, requestToken.secret]), temporary });
      } catch (error) {
        // The server did not take it: the user may authorise and try again within the 10 minutes.
        spent.delete(requestToken.key);
        throw error;
      }
      const issuedAt = ctx.clock();
      const token = createAccessToken({
        accessToken: credentials.key,
        tokenSecret: credentials.secret.reveal(),
        tokenType: "OAuth",
        scopes: [],
        issuedAt,
        expiresAt: issuedAt + ACCESS_TOKEN_LIFETIME_MS,
      });
      await ctx.adopt(token);
      return token;
    },
  };
}
