import {
  type AccessToken,
  type BearerAuth,
  type BearerSettings,
  bearerChallenge,
  buildAuthorizationUrl,
  ConfigurationError,
  checkState,
  createAccessToken,
  createBearerAuth,
  createPkceSync,
  createState,
  type FetchLike,
  type FetchTokenContext,
  FlowError,
  parseRedirect,
  parseTokenResponse,
  type RedirectResult,
  requestToken,
  retryLogger,
  requireBaseUrl,
  requireOption,
  requireSecret,
  type Secret,
  serializeToken,
  systemClock,
} from "@auth/core";
import { imagenFlowError, insufficientScopeError, loginRequiredError, TOKEN_ENDPOINT_HINTS } from "./hints.js";
import type { ImagenLoginOptions } from "./login.js";
import { classifyRedirectUri, type ImagenApplicationType, OOB, type RedirectKind } from "./redirect-uri.js";
import { DEFAULT_IMAGEN_SCOPES, type ImagenScope } from "./scopes.js";

export type ImagenResponseType = "token" | "code";

/** Imagen's options; `store`, `refreshWindow`, `timeout`, `retry`, `fetch`, `allowInsecure`, `logger`, `clock` are core's {@link BearerSettings}. */
export interface ImagenAuthOptions extends BearerSettings {
  /** Your Imagen site, e.g. `https://your_imagen_domain.com` (authorize at `{baseUrl}/oauth/authorize`). */
  baseUrl: string;
  /** The application's API key, sent as `client_id`. */
  apiKey: string;
  /** The application's secret: needed only for the authorization code flow (code exchange, refresh). */
  apiSecret?: string | Secret;
  /** `"installed"` (default) or `"web"` (redirect URI must begin with https://). */
  applicationType?: ImagenApplicationType;
  /** Default `urn:ietf:wg:oauth:2.0:oob` for installed apps; required for web apps. */
  redirectUri?: string;
  /** Scopes to ask for. Default `readUsersData modifyUsersData`, what every application is granted. */
  scopes?: readonly (ImagenScope | (string & {}))[];
  /** Default flow: `"token"` (implicit, as docs/providers.md#imagen-bearer-token-url describes) or `"code"`. */
  responseType?: ImagenResponseType;
  /** Token endpoint for the code flow; not named in the documents. Default `{baseUrl}/oauth/token`. */
  tokenEndpoint?: string;
  /** Authorization endpoint. Default `{baseUrl}/oauth/authorize` (docs/providers.md#imagen-bearer-token-url). */
  authorizationEndpoint?: string;
  /** How the code exchange authenticates (RFC 6749 §2.3.1): `"basic"` (default) or `"post"`. */
  clientAuthentication?: "basic" | "post";
  /**
   * PKCE S256 (RFC 7636) in the authorization code flow: a `code_challenge` in the authorization
   * URL, its verifier in the code exchange. Default `true` for installed applications (RFC 8252
   * §8.1 requires it of native apps; servers that do not know PKCE ignore it), `false` for web
   * applications (whose code may be exchanged by another process: pass `true` and hand
   * `codeVerifier` from `authorizationUrl()` to `completeAuthorization()`).
   */
  pkce?: boolean;
  /** Accepted and ignored, so a loaded application file can be spread in. */
  name?: string;
}

export interface AuthorizationUrlOptions {
  responseType?: ImagenResponseType;
  /** Default: 32 random bytes (RFC 6749 §10.12). */
  state?: string;
  scopes?: readonly string[];
  /** Override the configured redirect URI (checked against the application type). */
  redirectUri?: string;
}

export interface CompleteAuthorizationOptions {
  /** The state sent; default: the one from this object's latest `authorizationUrl()`. */
  state?: string;
  /** The PKCE verifier `authorizationUrl()` returned; default: the one kept with that request in this object. */
  codeVerifier?: string;
  /** How to read a bare pasted value; default: the pending request's type. */
  responseType?: ImagenResponseType;
  redirectUri?: string;
}

/** The Imagen client: the shared bearer shape plus the two redirect flows. */
export interface ImagenAuth extends BearerAuth {
  /** Build `{baseUrl}/oauth/authorize?response_type=...` and remember its state. */
  authorizationUrl(options?: AuthorizationUrlOptions): { url: string; state: string; codeVerifier?: string };
  /** Finish with what came back (redirect URL, fragment, query, or a pasted code or token): check state, exchange a code, store. */
  completeAuthorization(input: string, options?: CompleteAuthorizationOptions): Promise<AccessToken>;
  /** Node only: open the browser, wait on a loopback listener (RFC 8252 §7.3), complete, store. */
  login(options?: ImagenLoginOptions): Promise<AccessToken>;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
  readonly applicationType: ImagenApplicationType;
}

interface Pending {
  state: string;
  /** The PKCE verifier (RFC 7636 §4.1) of a code request, sent in the exchange. */
  codeVerifier?: string;
  responseType: ImagenResponseType;
  redirectUri: string;
  scopes: string[];
}

/** What `login()` needs from the client, without widening the public surface. */
export interface LoginContext {
  readonly applicationType: ImagenApplicationType;
  readonly redirectUri: string;
  readonly redirectKind: RedirectKind;
  readonly defaultResponseType: ImagenResponseType;
  begin(options: AuthorizationUrlOptions): Pending & { url: string };
  finish(result: RedirectResult, pending: Pending): Promise<AccessToken>;
}

/**
 * Imagen access tokens by the implicit grant (docs/providers.md#imagen-bearer-token-url) or the authorization code
 * grant (docs/providers.md#imagen-applications), kept in a TokenStore and attached as `Authorization: Bearer`.
 *
 * ```ts
 * const auth = createImagenAuth({ baseUrl: "https://imagen.example.com", apiKey, apiSecret, responseType: "code" });
 * await auth.login();                     // Node: browser + loopback listener
 * const records = await auth.client({ prefix: "https://imagen.example.com/api/v1/" }).get("records").json();
 * ```
 */
export function createImagenAuth(options: ImagenAuthOptions): ImagenAuth {
  const baseUrl = requireBaseUrl(options.baseUrl, "baseUrl", options.allowInsecure);
  const apiKey = requireOption(options.apiKey, "apiKey", "Pass the application's API key from the Developer section of ImagenWeb.");
  const apiSecret = options.apiSecret === undefined || options.apiSecret === "" ? undefined : requireSecret(options.apiSecret, "apiSecret");
  const applicationType = options.applicationType ?? "installed";
  if (applicationType !== "web" && applicationType !== "installed") {
    // The value is not quoted: an option in the wrong place may be a secret.
    throw new ConfigurationError(`applicationType must be "web" or "installed"; the value given (a ${typeof applicationType}) is neither.`, {
      hint: 'Pass applicationType: "web" or "installed", as the application\'s type in ImagenWeb.',
    });
  }
  if (applicationType === "web" && !options.redirectUri) {
    throw new ConfigurationError("A web application needs its redirect URI (an https:// URL).", { hint: "Pass redirectUri as registered for the application in ImagenWeb." });
  }
  const redirectUri = options.redirectUri ?? OOB;
  const redirectKind = classifyRedirectUri(redirectUri, applicationType);
  const scopes = checkScopes(options.scopes ?? DEFAULT_IMAGEN_SCOPES);
  const defaultResponseType = options.responseType ?? "token";
  const usePkce = options.pkce ?? applicationType === "installed";
  const authorizeEndpoint = options.authorizationEndpoint ?? `${baseUrl}/oauth/authorize`;
  const tokenEndpoint = options.tokenEndpoint ?? `${baseUrl}/oauth/token`;
  const clock = options.clock ?? systemClock;
  const baseFetch: FetchLike = options.fetch ?? ((i, o) => globalThis.fetch(i, o));
  const pendings = new Map<string, Pending>();
  let latest: Pending | undefined;
  const tokenRequest = (params: Record<string, string>, requestedScopes: string[]) => {
    if (!apiSecret) {
      throw new ConfigurationError("The authorization code flow needs the application's secret (apiSecret).", {
        hint: "Pass apiSecret from the application's page in ImagenWeb, or use responseType \"token\" (implicit grant).",
      });
    }
    const { timeout, retry, allowInsecure, maxResponseBytes, onRetry } = options;
    return requestToken({
      url: tokenEndpoint,
      params,
      clientAuth: { method: options.clientAuthentication === "post" ? "post" : "basic", clientId: apiKey, clientSecret: apiSecret },
      requestedScopes,
      hints: TOKEN_ENDPOINT_HINTS,
      clock,
      fetch: baseFetch,
      timeout,
      retry,
      allowInsecure,
      maxResponseBytes,
      onRetry: onRetry ?? retryLogger(options.logger),
    });
  };

  // RFC 6749 §6 refresh; implicit tokens (no refresh token) end in "log in again".
  async function fetchToken({ refreshToken, previous, rejected }: FetchTokenContext): Promise<AccessToken> {
    if (!refreshToken) throw loginRequiredError(previous, rejected !== undefined);
    const token = await tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken }, previous?.scopes ?? scopes);
    // Without a new refresh token in the response, the old one stays valid.
    return token.refreshToken ? token : createAccessToken({ ...serializeToken(token), refreshToken });
  }

  const bearer = createBearerAuth({
    fetchToken,
    // Implicit tokens cannot be renewed: use them until they really expire, not the early window.
    canRefresh: (t) => t.refreshToken !== undefined,
    store: options.store,
    key: `imagen:${baseUrl}:${apiKey}`,
    clock,
    fetch: imagenTransport(baseFetch),
    refreshWindow: options.refreshWindow,
    logger: options.logger,
    lockTtlMs: options.lockTtlMs,
  });

  function begin(o: AuthorizationUrlOptions = {}): Pending & { url: string } {
    const responseType = o.responseType ?? defaultResponseType;
    if (responseType !== "token" && responseType !== "code") throw new ConfigurationError(`responseType must be "token" or "code"; the value given (a ${typeof responseType}) is neither.`);
    if (responseType === "code" && !apiSecret) {
      throw new ConfigurationError("The authorization code flow needs the application's secret (apiSecret) to exchange the code.", {
        hint: "Pass apiSecret, or use responseType \"token\" (implicit grant, no refresh).",
      });
    }
    const uri = o.redirectUri ?? redirectUri;
    if (o.redirectUri !== undefined) classifyRedirectUri(uri, applicationType);
    const pending: Pending = { state: o.state ?? createState(), responseType, redirectUri: uri, scopes: o.scopes ? checkScopes(o.scopes) : scopes };
    const pkce = responseType === "code" && usePkce ? createPkceSync() : undefined;
    if (pkce) pending.codeVerifier = pkce.verifier;
    // docs/providers.md#imagen-bearer-token-url: response_type, client_id, redirect_uri, state, space-separated scope;
    // plus the PKCE challenge (RFC 7636 §4.3), which a server that does not know PKCE ignores.
    const url = buildAuthorizationUrl({ endpoint: authorizeEndpoint, clientId: apiKey, responseType, redirectUri: uri, state: pending.state, scopes: pending.scopes, ...(pkce ? { codeChallenge: pkce.challenge } : {}) });
    pendings.set(pending.state, pending);
    if (pendings.size > 20) pendings.delete(pendings.keys().next().value!);
    latest = pending;
    return { ...pending, url: url.href };
  }

  async function finish(result: RedirectResult, pending: Pending): Promise<AccessToken> {
    // A bare code or token pasted from Imagen's out-of-band page carries no state, so there is
    // nothing to check (RFC 6749 §10.12 protects redirects); anything with parameters — a
    // redirect URL, fragment, query or the page's response line — must carry the state we sent.
    if (result.source !== "pasted") checkState(pending.state, result.state);
    const wanted = pending.responseType;
    if (result.source !== "pasted" && (wanted === "code" ? result.code === undefined : result.accessToken === undefined)) {
      throw new FlowError(`The authorization response carries no ${wanted === "code" ? "code" : "access_token"}, which was requested.`, {
        hint: "Start the login again from this application.",
      });
    }
    pendings.delete(pending.state);
    let token: AccessToken;
    if (result.code !== undefined && wanted === "code") {
      // RFC 7636 §4.5: the verifier goes with the code (request-token redacts it like the code).
      const params: Record<string, string> = { grant_type: "authorization_code", code: result.code, redirect_uri: pending.redirectUri };
      if (pending.codeVerifier) params.code_verifier = pending.codeVerifier;
      token = await tokenRequest(params, pending.scopes);
    } else if (result.accessToken !== undefined) {
      const fields: Record<string, string> = { access_token: result.accessToken };
      if (result.tokenType !== undefined) fields.token_type = result.tokenType;
      if (result.expiresIn !== undefined) fields.expires_in = result.expiresIn;
      if (result.scope !== undefined) fields.scope = result.scope;
      token = parseTokenResponse(fields, { now: clock(), acceptTokenTypes: ["Bearer"], requestedScopes: pending.scopes });
    } else {
      throw new FlowError("A code arrived, but a token was requested.", { hint: "Pass { responseType: \"code\" } or start again." });
    }
    await bearer.setToken(token);
    return token;
  }

  const auth: ImagenAuth = {
    ...bearer,
    client: (kyOptions = {}) => bearer.client({ ...kyOptions, fetch: imagenTransport(kyOptions.fetch ?? baseFetch) }),
    scopes,
    redirectUri,
    applicationType,
    authorizationUrl(o) {
      const { url, state, codeVerifier } = begin(o);
      return codeVerifier ? { url, state, codeVerifier } : { url, state };
    },
    async completeAuthorization(input, o = {}) {
      let result: RedirectResult;
      try {
        // The whole "Response: ..." line of the out-of-band page, label included, is accepted.
        result = parseRedirect(String(input).replace(/^\s*Response:\s+/i, ""), { pastedAs: o.responseType ?? (o.state === undefined ? latest : pendings.get(o.state))?.responseType ?? defaultResponseType });
      } catch (error) {
        throw imagenFlowError(error);
      }
      // The request this answers: the given state's, else the one its state names, else the latest.
      const known = o.state !== undefined ? pendings.get(o.state) : ((result.state !== undefined ? pendings.get(result.state) : undefined) ?? latest);
      const pending: Pending = {
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
    },
    async login(o = {}) {
      const { runImagenLogin } = await import("./login.js");
      return runImagenLogin({ applicationType, redirectUri, redirectKind, defaultResponseType, begin, finish }, o);
    },
  };
  return auth;
}

function checkScopes(list: readonly string[]): string[] {
  if (!Array.isArray(list) || list.some((s) => typeof s !== "string" || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))) {
    // RFC 6749 §3.3: a scope token is printable ASCII without space, `"` or `\`.
    throw new ConfigurationError("scopes must be a list of scope names such as readUsersData, without spaces.", {
      hint: "Use ImagenScopes: readUsersData, modifyUsersData, manageJobs, roles, createJobs, modifyRoles.",
    });
  }
  return [...new Set(list)];
}

const TEXTUAL = /^(application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml)|text\/)/i;

/**
 * docs/providers.md#imagen-applications: "every request your application makes to Imagen should also be
 * encoded as UTF-8". fetch encodes strings as UTF-8; we say so with an explicit charset on
 * textual bodies that lack one. A 403 `insufficient_scope` challenge (RFC 6750 §3.1) becomes an
 * {@link InsufficientScopeError} naming the scope, since no retry can fix it.
 */
function imagenTransport(base: FetchLike): FetchLike {
  return async (input, init) => {
    const isRequest = typeof Request !== "undefined" && input instanceof Request;
    const headers = new Headers(init?.headers ?? (isRequest ? (input as Request).headers : undefined));
    const type = headers.get("content-type");
    if (type && TEXTUAL.test(type) && !/;\s*charset=/i.test(type)) {
      headers.set("content-type", `${type}; charset=utf-8`);
      if (isRequest && init?.headers === undefined) input = new Request(input as Request, { headers });
      else init = { ...init, headers };
    }
    const response = await base(input, init);
    if (response.status === 403) {
      const challenge = bearerChallenge(response.headers.get("www-authenticate"));
      if (challenge?.error === "insufficient_scope") {
        await response.body?.cancel().catch(() => {});
        throw insufficientScopeError(challenge.scope);
      }
    }
    return response;
  };
}
