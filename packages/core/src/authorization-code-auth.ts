import { type AccessToken, createAccessToken, serializeToken } from "./access-token.js";
import type { FetchLike } from "./auth-fetch.js";
import { runAuthorizationCodeLogin } from "./authorization-code-login.js";
import type { AuthorizationCodeAuth, AuthorizationCodeOptions, AuthorizationRequestOptions, CompleteAuthorizationOptions } from "./authorization-code-types.js";
import { checkScopes, type PendingAuthorization, PendingAuthorizations } from "./authorization-requests.js";
import { createBearerAuth } from "./bearer-auth.js";
import { AuthError, ConfigurationError, FlowError } from "./errors.js";
import { type RetryNotice, retryLogger } from "./http/bounded-exchange.js";
import { implicitToken } from "./implicit-token.js";
import { OOB_REDIRECT_URI } from "./login-runner.js";
import { requireOption } from "./options.js";
import { createPkceSync } from "./pkce.js";
import { buildAuthorizationUrl, checkState, createState, parseRedirect, type RedirectResult } from "./redirect.js";
import { type ClientAuthentication, requestToken } from "./request-token.js";
import { Secret } from "./secret.js";
import { storeKey } from "./store-key.js";
import type { FetchTokenContext } from "./token-cache.js";

const defaultLoginRequired = ({ previous, rejected }: FetchTokenContext): AuthError =>
  new AuthError(
    "login_required",
    previous || rejected ? "The access token expired or was rejected, and there is no refresh token to renew it: log in again." : "There is no access token yet: log in first.",
    { hint: "Call login() (Node), or send the user to authorizationUrl() and pass what comes back to completeAuthorization()." },
  );

/**
 * The authorization code grant (RFC 6749 §4.1) behind core's token cache: `state` on every
 * request (§10.12), PKCE S256 by default (RFC 7636), the code exchange and refresh through
 * {@link requestToken} (deadline, size bound, retry budget, no redirects), and the loopback or
 * out-of-band redirect through `login()` when a {@link LoginRunner} is given. A refresh response
 * without `refresh_token` keeps the previous one (§6). `getToken()` with no token rejects with
 * `login_required`.
 *
 * ```ts
 * import { runLoopbackLogin } from "@auth/core/node";
 * const auth = createAuthorizationCodeAuth({ clientId, authorizationEndpoint, tokenEndpoint, loginRunner: runLoopbackLogin });
 * await auth.login(); // browser + http://127.0.0.1:PORT/callback
 * ```
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc8252 (native apps)
 */
export function createAuthorizationCodeAuth(options: AuthorizationCodeOptions): AuthorizationCodeAuth {
  const clientId = requireOption(options.clientId, "clientId", "Pass the client id the provider registered for this application.");
  const clientSecret = options.clientSecret === undefined || options.clientSecret === "" ? undefined : Secret.from(options.clientSecret);
  const method = options.clientAuthentication ?? (clientSecret ? "basic" : "none");
  const redirectUri = options.redirectUri ?? OOB_REDIRECT_URI;
  const scopes = checkScopes(options.scopes ?? [], options.scopesHint);
  const defaultResponseType = options.defaultResponseType ?? "code";
  const usePkce = options.pkce ?? true;
  const clock = options.clock ?? (() => Date.now());
  const baseFetch: FetchLike = options.fetch ?? ((i, o) => globalThis.fetch(i, o));
  const wrap = options.wrapTransport ?? ((f: FetchLike) => f);
  const mapFlowError = options.mapFlowError ?? ((e: unknown) => e);
  const normalize = options.normalizeResponse ?? ((s: string) => s);
  const pendings = new PendingAuthorizations();

  // Checked when a code is asked for, not at construction: an implicit-only client needs no secret.
  function requireSecretForCode(): void {
    if (method !== "none" && !clientSecret) {
      throw new ConfigurationError(`The authorization code flow needs the client secret (${options.secretName ?? "clientSecret"}) to exchange a code or refresh a token.`, {
        hint: options.secretHint ?? "Pass clientSecret, or clientAuthentication: \"none\" for a public client.",
      });
    }
  }

  // `alsoOnRetry`: the cache's telemetry, counting attempts of a refresh.
  function tokenRequest(params: Record<string, string>, requestedScopes: string[], alsoOnRetry?: (notice: RetryNotice) => void): Promise<AccessToken> {
    requireSecretForCode();
    const clientAuth: ClientAuthentication = method === "none" ? { method, clientId } : { method, clientId, clientSecret: clientSecret! };
    const { timeout, retry, allowInsecure, maxResponseBytes, onRetry } = options;
    const tell = onRetry ?? retryLogger(options.logger);
    const both = alsoOnRetry
      ? (n: RetryNotice) => {
          tell?.(n);
          alsoOnRetry(n);
        }
      : tell;
    return requestToken({ url: options.tokenEndpoint, params, clientAuth, requestedScopes, clock, fetch: baseFetch, timeout, retry, allowInsecure, maxResponseBytes, onRetry: both, ...(options.hints ? { hints: options.hints } : {}) });
  }

  // RFC 6749 §6: refresh when a refresh token was issued; otherwise only the user can help.
  async function fetchToken(context: FetchTokenContext): Promise<AccessToken> {
    const { refreshToken, previous } = context;
    if (!refreshToken) throw (options.loginRequired ?? defaultLoginRequired)(context);
    const token = await tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken }, previous?.scopes ?? scopes, context.onRetry);
    // §6: the server MAY issue a new refresh token; when it does not, the old one stays valid.
    return token.refreshToken ? token : createAccessToken({ ...serializeToken(token), refreshToken });
  }

  const bearer = createBearerAuth({
    fetchToken,
    // Tokens without a refresh token cannot be renewed: used until they really expire.
    canRefresh: (t) => t.refreshToken !== undefined,
    store: options.store,
    key: options.key ?? storeKey({ provider: "oauth2", baseUrl: options.tokenEndpoint, account: clientId }),
    clock,
    fetch: wrap(baseFetch),
    refreshWindow: options.refreshWindow,
    logger: options.logger,
    lockTtlMs: options.lockTtlMs,
    // The cache only ever refreshes (RFC 6749 §6); the code exchange reaches it through set().
    telemetry: { grant: "refresh_token" },
  });

  function begin(o: AuthorizationRequestOptions = {}): PendingAuthorization & { url: string } {
    const responseType = o.responseType ?? defaultResponseType;
    if (responseType !== "code" && !(responseType === "token" && options.implicit)) {
      throw new ConfigurationError(`responseType must be "code"${options.implicit ? ' or "token"' : ""}; the value given (a ${typeof responseType}) is not.`);
    }
    if (responseType === "code") requireSecretForCode();
    const uri = o.redirectUri ?? redirectUri;
    if (o.redirectUri !== undefined) options.checkRedirectUri?.(uri);
    const pending: PendingAuthorization = { state: o.state ?? createState(), responseType, redirectUri: uri, scopes: o.scopes ? checkScopes(o.scopes, options.scopesHint) : scopes };
    const pkce = responseType === "code" && usePkce ? createPkceSync() : undefined;
    if (pkce) pending.codeVerifier = pkce.verifier;
    const { state } = pending;
    const url = buildAuthorizationUrl({ endpoint: options.authorizationEndpoint, clientId, responseType, redirectUri: uri, state, scopes: pending.scopes, ...(pkce ? { codeChallenge: pkce.challenge } : {}) });
    pendings.remember(pending);
    return { ...pending, url: url.href };
  }

  async function finish(result: RedirectResult, pending: PendingAuthorization): Promise<AccessToken> {
    // A bare pasted value carries no state (the page showed only it); anything with parameters
    // — a redirect URL, query or fragment — must carry the state sent (RFC 6749 §10.12).
    if (result.source !== "pasted") checkState(pending.state, result.state);
    const wanted = pending.responseType;
    if (wanted === "code" ? result.code === undefined : result.accessToken === undefined) {
      throw new FlowError(`The authorization response carries no ${wanted === "code" ? "code" : "access_token"}, which was requested.`, {
        hint: "Start the login again from this application.",
      });
    }
    pendings.forget(pending.state);
    let token: AccessToken;
    if (wanted === "code") {
      // RFC 6749 §4.1.3, and RFC 7636 §4.5: the verifier goes with the code (both redacted in errors).
      const params: Record<string, string> = { grant_type: "authorization_code", code: result.code!, redirect_uri: pending.redirectUri };
      if (pending.codeVerifier) params.code_verifier = pending.codeVerifier;
      token = await tokenRequest(params, pending.scopes);
    } else {
      token = implicitToken(result, { now: clock(), requestedScopes: pending.scopes });
    }
    await bearer.setToken(token);
    return token;
  }

  async function completeAuthorization(input: string, o: CompleteAuthorizationOptions = {}): Promise<AccessToken> {
    const named = o.state !== undefined ? pendings.get(o.state) : undefined;
    let result: RedirectResult;
    try {
      result = parseRedirect(normalize(String(input)), { pastedAs: o.responseType ?? (named ?? pendings.latest)?.responseType ?? defaultResponseType });
    } catch (error) {
      throw mapFlowError(error);
    }
    // The request this answers: the given state's, else the one the response names, else the latest.
    const known = o.state !== undefined ? named : (pendings.get(result.state) ?? pendings.latest);
    const pending: PendingAuthorization = {
      state: o.state ?? known?.state ?? "",
      responseType: o.responseType ?? known?.responseType ?? defaultResponseType,
      redirectUri: o.redirectUri ?? known?.redirectUri ?? redirectUri,
      scopes: known?.scopes ?? scopes,
    };
    const codeVerifier = o.codeVerifier ?? known?.codeVerifier;
    if (codeVerifier) pending.codeVerifier = codeVerifier;
    if (result.source !== "pasted" && !pending.state) {
      throw new FlowError("There is no authorization request to check this response's state against.", {
        hint: "Call authorizationUrl() on this object first, or pass { state } with the state you sent.",
      });
    }
    return finish(result, pending);
  }

  const loginContext = {
    runner: options.loginRunner,
    redirectUri,
    loopbackRedirectUri: options.loopbackRedirectUri ?? "http://127.0.0.1/callback",
    defaultResponseType,
    successTitle: options.successTitle,
    normalize,
    begin,
    finish,
    mapFlowError,
  };
  return {
    ...bearer,
    client: (kyOptions = {}) => bearer.client({ ...kyOptions, fetch: wrap(kyOptions.fetch ?? baseFetch) }),
    async clear() {
      pendings.clear();
      await bearer.clear();
    },
    scopes,
    redirectUri,
    authorizationUrl(o) {
      const { url, state, codeVerifier } = begin(o);
      return codeVerifier ? { url, state, codeVerifier } : { url, state };
    },
    completeAuthorization,
    login: (o) => runAuthorizationCodeLogin(loginContext, o),
  };
}
