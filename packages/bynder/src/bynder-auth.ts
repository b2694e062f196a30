import {
  type AccessToken,
  AuthError,
  type Authorizer,
  type AuthRequest,
  authFetch,
  ConfigurationError,
  createAccessToken,
  createClient,
  createTokenCache,
  type FetchLike,
  type InteractiveProviderAuth,
  type KyInstance,
  type KyOptions,
  type LoginRunner,
  MemoryTokenStore,
  requireBaseUrl,
  type Secret,
  silentLogger,
  storeKey,
  systemClock,
} from "@auth/core";
import { TokenExpiredError, unauthorizedFromResponse } from "./errors.js";
import { type BynderHandshake, createHandshake } from "./handshake.js";
import { runBynderLogin } from "./login.js";
import { type BynderAuthOptions, type BynderLoginOptions, DEFAULT_EXPIRY_WARNING_MS, requireKeyPair } from "./options.js";
import { OAuth1Signer, type SignableRequest, type SignatureDetails } from "./signer.js";

/**
 * What `createBynderAuth` returns: core's {@link InteractiveProviderAuth} (the one provider
 * shape: getToken, invalidate, setToken, clear, authorize, unauthorized, client, fetch,
 * login) plus Bynder's own: `sign` and the three handshake steps.
 */
export interface BynderAuth extends InteractiveProviderAuth<BynderLoginOptions>, BynderHandshake {
  readonly baseUrl: string;
  readonly signsBody: true;
  /** The `Authorization: OAuth ...` header for a request. */
  authorize(request: AuthRequest): Promise<Record<string, string>>;
  /** Sign and also return the base string, timestamp and nonce (for debugging a 401). */
  sign(request: SignableRequest): Promise<SignatureDetails>;
  /** OAuth 1.0a tokens cannot be refreshed: logs the likely causes and resolves `false` (no retry). */
  unauthorized(request: AuthRequest, response: Response): Promise<boolean>;
  /**
   * A ky instance that signs every request. Relative URLs resolve against `{baseUrl}/` as a
   * browser resolves them; absolute URLs are used as they are. A 401 throws
   * {@link UnauthorizedError} with the likely causes (unless `throwHttpErrors` is false).
   */
  client(kyOptions?: KyOptions): KyInstance;
  /**
   * The token requests are signed with: the `token` option, else the stored one (from a
   * login). Rejects `login_required` when there is none, {@link TokenExpiredError} when a
   * temporary token is past its 30 days.
   */
  getToken(): Promise<AccessToken>;
  /** @deprecated Use {@link BynderAuth.clear}. */
  logout(): Promise<void>;
}

/**
 * Bynder OAuth 1.0a (docs/providers.md#bynder): HMAC-SHA1 signed requests with a permanent token, or
 * a 30-day temporary token from the three-legged handshake, kept in core's token cache and store.
 *
 * ```ts
 * const auth = createBynderAuth({
 *   baseUrl: "https://company.bynder.com",
 *   consumer: { key: process.env.BYNDER_CONSUMER_KEY!, secret: process.env.BYNDER_CONSUMER_SECRET! },
 *   token: { key: process.env.BYNDER_TOKEN_KEY!, secret: process.env.BYNDER_TOKEN_SECRET! },
 * });
 * const media = await auth.client().get("api/v4/media/", { searchParams: { limit: 10 } }).json();
 * ```
 */
export function createBynderAuth(options: BynderAuthOptions, runLogin?: LoginRunner): BynderAuth {
  const baseUrl = requireBaseUrl(options.baseUrl, "baseUrl", options.allowInsecure);
  const consumer = requireKeyPair(options.consumer, "consumer");
  const fixed = options.token === undefined ? undefined : requireKeyPair(options.token, "token");
  const fixedExpiresAt = options.token?.expiresAt;
  if (fixedExpiresAt !== undefined && !Number.isFinite(fixedExpiresAt)) {
    throw new ConfigurationError('The option "token.expiresAt" is not a finite number (epoch ms).', { hint: "Omit it for a permanent token." });
  }
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const timeout = options.timeout ?? 10_000;
  const transport: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const signer = new OAuth1Signer({
    consumerKey: consumer.key,
    consumerSecret: consumer.secret,
    clock,
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...(options.hmac ? { hmac: options.hmac } : {}),
  });

  // A permanent token is a token without expiry given up front: what the cache's fetchToken
  // answers. It lives in this instance only (a private memory store), never in `store`.
  const fixedToken: AccessToken | undefined = fixed
    ? createAccessToken({
        accessToken: fixed.key,
        tokenSecret: fixed.secret.reveal(),
        tokenType: "OAuth",
        scopes: [],
        ...(fixedExpiresAt === undefined ? {} : { expiresAt: fixedExpiresAt }),
      })
    : undefined;
  const warnMs = options.expiryWarningMs ?? DEFAULT_EXPIRY_WARNING_MS;
  const cache = createTokenCache({
    store: fixedToken ? new MemoryTokenStore() : (options.store ?? new MemoryTokenStore()),
    key: options.storeKey ?? storeKey({ provider: "bynder", baseUrl, account: consumer.key }),
    clock,
    logger,
    // OAuth 1.0a tokens are renewed only by the user (a login): used until they really expire.
    canRefresh: () => false,
    expiryWarning: {
      beforeMs: warnMs,
      message: (token, left) => {
        const hours = Math.max(1, Math.round(left / 3_600_000));
        return `The Bynder access token expires in about ${hours} hour${hours === 1 ? "" : "s"} (${new Date(token.expiresAt!).toISOString()}); temporary tokens cannot be refreshed, run the login again before then.`;
      },
    },
    async fetchToken({ previous }) {
      if (fixedToken && !(fixedToken.expiresAt !== undefined && clock() >= fixedToken.expiresAt)) return fixedToken;
      const expired = previous ?? fixedToken;
      if (expired?.expiresAt !== undefined && clock() >= expired.expiresAt) throw new TokenExpiredError(expired.expiresAt);
      throw new AuthError("login_required", "There is no Bynder token to sign the request with.", {
        hint: "Pass token: { key, secret } (a permanent token from your-bynder-domain/pysettings > API tokens), or run the login (auth.login() from @auth/bynder/node, or requestToken / authoriseUrl / accessToken).",
      });
    },
  });
  let lastToken: string | undefined;
  const secrets = (): (string | Secret | undefined)[] => [consumer.secret, fixed?.secret, fixed?.key, lastToken];

  const signWith = (token: AccessToken, request: SignableRequest): SignatureDetails => {
    lastToken = token.accessToken;
    return signer.sign(request, { key: token.accessToken, secret: token.tokenSecret! });
  };
  // A copy: the caller's request object is never touched.
  const signable = (request: AuthRequest): SignableRequest => {
    const r: SignableRequest = { method: request.method, url: request.url };
    if (request.body !== undefined) r.body = request.body;
    if (request.contentType !== undefined) r.contentType = request.contentType;
    return r;
  };
  const sign = (request: AuthRequest): Promise<SignatureDetails> => cache.getToken().then((token) => signWith(token, signable(request)));
  const explain = (request: { method: string; url: string }, response: Response) =>
    unauthorizedFromResponse(response.clone(), { phase: "api", what: `Bynder ${request.method} ${safePath(request.url)}`, now: clock(), secrets: secrets(), timeoutMs: timeout });

  const handshake = createHandshake({
    baseUrl,
    signer,
    clock,
    fetch: transport,
    timeout,
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    ...(options.allowInsecure ? { allowInsecure: true } : {}),
    tokenParam: options.authoriseTokenParam ?? "oauth_token",
    secrets,
    adopt: (token) => cache.set(token),
  });

  const auth: BynderAuth = {
    baseUrl,
    signsBody: true,
    ...handshake,
    authorize: (request) => sign(request).then((d) => ({ Authorization: d.authorization })),
    sign,

    async unauthorized(request, response) {
      const error = await explain(request, response);
      logger.warn(`${error.message} ${error.hint ?? ""}`.trim());
      return false;
    },

    client(kyOptions = {}) {
      const opts: KyOptions = { ...kyOptions };
      // ky's baseUrl resolves like a browser (an absolute URL is used as it is); its prefix
      // would glue the base onto an absolute URL (http://host/http://host/api/…).
      if (opts.prefix === undefined && opts.baseUrl === undefined) opts.baseUrl = `${baseUrl}/`;
      if (options.fetch && !opts.fetch) opts.fetch = options.fetch;
      const throwHttpErrors = kyOptions.throwHttpErrors;
      const on401 = async ({ request, response }: { request: Request; response: Response }) => {
        if (response.status !== 401) return;
        if (throwHttpErrors === false || (typeof throwHttpErrors === "function" && !throwHttpErrors(401))) return;
        throw await explain(request, response);
      };
      opts.hooks = { ...kyOptions.hooks, afterResponse: [...(kyOptions.hooks?.afterResponse ?? []), on401] };
      // Signing only: the hook above reports the 401 (as an error), and there is no retry.
      return createClient(signingOnly, opts);
    },

    fetch: undefined as unknown as FetchLike,
    getToken: () => cache.getToken(),
    invalidate: (token) => cache.invalidate(token),

    async setToken(token) {
      if (!token || typeof token.accessToken !== "string" || typeof token.tokenSecret !== "string" || token.tokenSecret === "") {
        throw new ConfigurationError("A Bynder token needs its key (accessToken) and its secret (tokenSecret).", {
          hint: "Pass the AccessToken from accessToken() or login(), or createAccessToken({ accessToken, tokenSecret, tokenType: 'OAuth', scopes: [] }).",
        });
      }
      await cache.set(token);
    },

    clear: () => cache.clear(),
    logout: () => cache.clear(),

    login(loginOptions = {}) {
      if (!runLogin) {
        return Promise.reject(
          new AuthError("login_unavailable", "login() needs Node.js (a loopback listener and the system browser), and this is the runtime-neutral entry of @auth/bynder.", {
            hint: "On Node, import createBynderAuth from @auth/bynder/node; elsewhere run the steps yourself: requestToken(), authoriseUrl(), accessToken().",
          }),
        );
      }
      return runBynderLogin(handshake, runLogin, loginOptions);
    },
  };
  // For core's authFetch / createClient: never a retry after a 401 (tokens cannot be refreshed).
  const signingOnly: Authorizer = { signsBody: true, authorize: auth.authorize };
  const reporting: Authorizer = { ...signingOnly, unauthorized: auth.unauthorized };
  (auth as { fetch: FetchLike }).fetch = authFetch(reporting, transport);
  Object.defineProperty(auth, "toJSON", { value: () => ({ BynderAuth: { baseUrl, consumerKey: consumer.key } }), enumerable: false });
  return auth;
}

// For messages: path only, no query (a query can carry anything).
function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "(request)";
  }
}
