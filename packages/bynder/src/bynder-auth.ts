import {
  type AccessToken,
  AuthError,
  type Authorizer,
  type AuthRequest,
  authFetch,
  checkTokenValue,
  boundedExchange,
  type Clock,
  ConfigurationError,
  createAccessToken,
  createClient,
  endpointErrorFromResponse,
  type FetchLike,
  FlowError,
  InvalidTokenResponseError,
  type KyInstance,
  type KyOptions,
  type Logger,
  MemoryTokenStore,
  parseFormParams,
  redact,
  requireBaseUrl,
  Secret,
  silentLogger,
  systemClock,
  type TokenStore,
} from "@auth/core";
import { checkCallback } from "./callback-url.js";
import { TokenExpiredError, type UnauthorizedPhase, unauthorizedFromResponse } from "./errors.js";
import { type HmacImplementation, OAuth1Signer, type SignableRequest, type SignatureDetails } from "./signer.js";

/** docs/providers.md#bynder-handshake, step 1: "A Request Token is valid for 10 minutes." */
export const REQUEST_TOKEN_LIFETIME_MS = 10 * 60_000;
/** docs/providers.md#bynder-tokens: temporary (access) tokens "are valid for 30 days". */
export const ACCESS_TOKEN_LIFETIME_MS = 30 * 24 * 3_600_000;
/** Default warning window before a temporary token expires. */
export const DEFAULT_EXPIRY_WARNING_MS = 3 * 24 * 3_600_000;

/** A consumer or token key with its secret. */
export interface KeyPair {
  key: string;
  secret: string | Secret;
}

/** A token pair given directly: a permanent token (no `expiresAt`), or a temporary one you kept. */
export interface TokenOption extends KeyPair {
  /** Epoch ms; omit for permanent tokens, which "do not have expiration date". */
  expiresAt?: number;
}

export interface BynderAuthOptions {
  /** The portal URL, e.g. `https://company.bynder.com`; endpoints are under `{baseUrl}/api/v4/`. */
  baseUrl: string;
  /** The consumer created in the portal (your-bynder-domain/pysettings > API tokens). */
  consumer: KeyPair;
  /** A permanent token (or a temporary one you stored yourself). Omit to use the token from `store` (after a login). */
  token?: TokenOption;
  /** Where the access token from the handshake is kept. Default: memory. Holds tokens, never the consumer secret. */
  store?: TokenStore;
  /** The key under which the token is stored. Default `bynder:{baseUrl}:{consumer key}`. */
  storeKey?: string;
  /** Time source (epoch ms) for timestamps and expiry; for tests. */
  clock?: Clock;
  /** Receives the expiry warning and 401 explanations. Default: silent. */
  logger?: Logger;
  /** Warn this long before a temporary token expires (ms). Default 3 days. */
  expiryWarningMs?: number;
  /** The fetch used for the handshake, `client()` and `fetch`. Default global fetch. */
  fetch?: FetchLike;
  /**
   * Deadline of each handshake request, ms, covering headers and the whole body; also bounds
   * the read of a 401 body the client explains. Default 10 000.
   */
  timeout?: number;
  /** Handshake and error bodies larger than this are a `response_too_large` error. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Allow an `http://` base URL that is not loopback. */
  allowInsecure?: boolean;
  /**
   * Which parameter carries the request token to the authorise page. The document's table says
   * `auth_token`, its example URL (and Bynder's own SDKs) `oauth_token`. Default `oauth_token`;
   * `both` sends the two.
   */
  authoriseTokenParam?: "oauth_token" | "auth_token" | "both";
  /** HMAC-SHA1 implementation: `auto` (node:crypto when present, else @noble/hashes), `node` or `noble`. */
  hmac?: HmacImplementation;
  /** Nonce source; crypto-random by default. For tests only. */
  nonce?: () => string;
}

/** A request token from step 1, valid for 10 minutes and for one exchange. */
export interface RequestToken {
  readonly key: string;
  readonly secret: Secret;
  /** Epoch ms. */
  readonly issuedAt: number;
  /** `issuedAt` + 10 minutes. */
  readonly expiresAt: number;
  /** The callback given to `requestToken`, used by `authoriseUrl` when it is given none. */
  readonly callback?: string;
}

/** What `createBynderAuth` returns: an Authorizer plus the handshake and HTTP helpers. */
export interface BynderAuth extends Authorizer {
  readonly baseUrl: string;
  readonly signsBody: true;
  /** The `Authorization: OAuth ...` header for a request. */
  authorize(request: AuthRequest): Promise<Record<string, string>>;
  /** Sign and also return the base string, timestamp and nonce (for debugging a 401). */
  sign(request: SignableRequest): Promise<SignatureDetails>;
  /** OAuth 1.0a tokens cannot be refreshed: logs the likely causes and resolves `false` (no retry). */
  unauthorized(request: AuthRequest, response: Response): Promise<boolean>;
  /**
   * A ky instance that signs every request. Its prefix defaults to `{baseUrl}/`. A 401 throws
   * {@link UnauthorizedError} with the likely causes (unless `throwHttpErrors` is false).
   */
  client(kyOptions?: KyOptions): KyInstance;
  /** A fetch-compatible function that signs every request (a 401 is returned, not retried). */
  readonly fetch: FetchLike;
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
  /** The token requests are signed with: the `token` option, else the stored one; `undefined` when none. */
  getToken(): Promise<AccessToken | undefined>;
  /** Forget the stored token (the `token` option, if given, stays). */
  logout(): Promise<void>;
}

const FORM = "application/x-www-form-urlencoded";

function requireKeyPair(value: KeyPair | undefined, name: "consumer" | "token"): { key: string; secret: Secret } {
  const hint =
    name === "consumer"
      ? "Pass consumer: { key, secret } as created in your-bynder-domain/pysettings > API tokens > Create new consumer."
      : "Pass token: { key, secret } of a permanent token (pysettings > API tokens > Create new token), or omit it and run the login.";
  if (!value || typeof value !== "object") throw new ConfigurationError(`The option "${name}" is missing.`, { hint });
  if (typeof value.key !== "string" || value.key.trim() === "") throw new ConfigurationError(`The option "${name}.key" is missing or blank.`, { hint });
  const secret = value.secret;
  if (!(secret instanceof Secret) && (typeof secret !== "string" || secret === "")) {
    throw new ConfigurationError(`The option "${name}.secret" is missing or blank.`, { hint });
  }
  return { key: value.key.trim(), secret: Secret.from(secret) };
}

/**
 * Bynder OAuth 1.0a (docs/providers.md#bynder): HMAC-SHA1 signed requests with a permanent token, or
 * a 30-day temporary token from the three-legged handshake.
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
export function createBynderAuth(options: BynderAuthOptions): BynderAuth {
  const baseUrl = requireBaseUrl(options.baseUrl, "baseUrl", options.allowInsecure);
  const consumer = requireKeyPair(options.consumer, "consumer");
  const fixed = options.token === undefined ? undefined : requireKeyPair(options.token, "token");
  const fixedExpiresAt = options.token?.expiresAt;
  if (fixedExpiresAt !== undefined && !Number.isFinite(fixedExpiresAt)) {
    throw new ConfigurationError('The option "token.expiresAt" is not a finite number (epoch ms).', { hint: "Omit it for a permanent token." });
  }
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const store = options.store ?? new MemoryTokenStore();
  const storeKey = options.storeKey ?? `bynder:${baseUrl}:${consumer.key}`;
  const warnMs = options.expiryWarningMs ?? DEFAULT_EXPIRY_WARNING_MS;
  const timeout = options.timeout ?? 10_000;
  const transport: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const tokenParam = options.authoriseTokenParam ?? "oauth_token";
  const signer = new OAuth1Signer({
    consumerKey: consumer.key,
    consumerSecret: consumer.secret,
    clock,
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...(options.hmac ? { hmac: options.hmac } : {}),
  });

  let current: AccessToken | undefined;
  let loaded = false;
  const warned = new Set<string>();
  // Request tokens exchanged (or being exchanged) by this instance: single use, step 3.
  const spent = new Set<string>();
  let lastToken: string | undefined;

  const fixedToken: AccessToken | undefined = fixed
    ? createAccessToken({
        accessToken: fixed.key,
        tokenSecret: fixed.secret.reveal(),
        tokenType: "OAuth",
        scopes: [],
        ...(fixedExpiresAt === undefined ? {} : { expiresAt: fixedExpiresAt }),
      })
    : undefined;

  const secrets = (): (string | Secret | undefined)[] => [consumer.secret, fixed?.secret, fixed?.key, current?.tokenSecret, current?.accessToken, lastToken];

  async function loadToken(): Promise<AccessToken | undefined> {
    if (fixedToken) return fixedToken;
    if (!loaded || !current || (current.expiresAt !== undefined && clock() >= current.expiresAt)) {
      current = await store.get(storeKey);
      loaded = true;
    }
    return current;
  }

  // The token when it is known without asking the store (the common case: no await).
  function knownToken(): AccessToken | undefined {
    if (fixedToken) return fixedToken;
    if (loaded && current && (current.expiresAt === undefined || clock() < current.expiresAt)) return current;
    return undefined;
  }

  function checkToken(token: AccessToken | undefined): AccessToken {
    if (!token || token.tokenSecret === undefined) {
      throw new AuthError("no_token", "There is no Bynder token to sign the request with.", {
        hint: "Pass token: { key, secret } (a permanent token from your-bynder-domain/pysettings > API tokens), or run the login (login() from @auth/bynder/node, or requestToken / authoriseUrl / accessToken).",
      });
    }
    if (token.expiresAt !== undefined) {
      const now = clock();
      if (now >= token.expiresAt) throw new TokenExpiredError(token.expiresAt);
      if (now >= token.expiresAt - warnMs && !warned.has(token.accessToken)) {
        warned.add(token.accessToken);
        const hours = Math.max(1, Math.round((token.expiresAt - now) / 3_600_000));
        logger.warn(
          `The Bynder access token expires in about ${hours} hour${hours === 1 ? "" : "s"} (${new Date(token.expiresAt).toISOString()}); temporary tokens cannot be refreshed, run the login again before then.`,
        );
      }
    }
    return token;
  }

  function signable(request: AuthRequest): SignableRequest {
    // A copy: the caller's request object is never touched.
    const r: SignableRequest = { method: request.method, url: request.url };
    if (request.body !== undefined) r.body = request.body;
    if (request.contentType !== undefined) r.contentType = request.contentType;
    return r;
  }

  function signWith(token: AccessToken, request: SignableRequest): SignatureDetails {
    lastToken = token.accessToken;
    return signer.sign(request, { key: token.accessToken, secret: token.tokenSecret! });
  }

  async function sign(request: SignableRequest): Promise<SignatureDetails> {
    return signWith(checkToken(knownToken() ?? (await loadToken())), request);
  }

  async function endpoint(path: string, phase: UnauthorizedPhase, token: { key: string; secret: Secret } | undefined, signal?: AbortSignal): Promise<URLSearchParams> {
    const url = `${baseUrl}${path}`;
    const what = `Bynder ${path}`;
    const authorization = signer.authorization({ method: "POST", url }, token);
    const all = [...secrets(), token?.secret, token?.key];
    // Core's bounded exchange: no redirect followed (the signed request would go elsewhere),
    // one deadline for headers and body, a size bound. No retry: the server may have seen the
    // nonce, and a request token step is the user's to restart.
    const response = await boundedExchange({
      url: new URL(url),
      ...(options.allowInsecure ? { allowInsecure: true } : {}),
      headers: { authorization, accept: `${FORM}, application/json;q=0.9, */*;q=0.1` },
      fetch: transport,
      timeout,
      retry: 0,
      what,
      secrets: all,
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
      ...(signal ? { signal } : {}),
    });
    const now = clock();
    if (response.status === 401) {
      const replay = new Response(response.text, { status: 401, statusText: response.statusText, headers: response.headers });
      throw await unauthorizedFromResponse(replay, { phase, what, now, secrets: all });
    }
    const text = response.text;
    if (response.status < 200 || response.status > 299) {
      throw endpointErrorFromResponse(what, response.status, response.statusText, response.headers.get("content-type"), redact(text, all).slice(0, 16 * 1024), all);
    }
    return parsePair(text, what);
  }

  const auth: BynderAuth = {
    baseUrl,
    signsBody: true,

    authorize(request) {
      // Synchronous when the token is already known: one settled promise, no awaits.
      const known = knownToken();
      if (!known) return sign(signable(request)).then((d) => ({ Authorization: d.authorization }));
      try {
        return Promise.resolve({ Authorization: signWith(checkToken(known), signable(request)).authorization });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    sign: (request) => sign(signable(request)),

    async unauthorized(request, response) {
      const error = await unauthorizedFromResponse(response.clone(), { phase: "api", what: `Bynder ${request.method} ${safePath(request.url)}`, now: clock(), secrets: secrets(), timeoutMs: timeout });
      logger.warn(`${error.message} ${error.hint ?? ""}`.trim());
      return false;
    },

    client(kyOptions = {}) {
      const opts: KyOptions = { ...kyOptions };
      if (opts.prefix === undefined && opts.baseUrl === undefined) opts.prefix = `${baseUrl}/`;
      if (options.fetch && !opts.fetch) opts.fetch = options.fetch;
      const throwHttpErrors = kyOptions.throwHttpErrors;
      const on401 = async ({ request, response }: { request: Request; response: Response }) => {
        if (response.status !== 401) return;
        if (throwHttpErrors === false || (typeof throwHttpErrors === "function" && !throwHttpErrors(401))) return;
        throw await unauthorizedFromResponse(response.clone(), { phase: "api", what: `Bynder ${request.method} ${safePath(request.url)}`, now: clock(), secrets: secrets(), timeoutMs: timeout });
      };
      opts.hooks = { ...kyOptions.hooks, afterResponse: [...(kyOptions.hooks?.afterResponse ?? []), on401] };
      // Signing only: the hook above reports the 401 (as an error), and there is no retry.
      return createClient(signingOnly, opts);
    },

    fetch: undefined as unknown as FetchLike,

    async requestToken(opts = {}) {
      if (opts.callback !== undefined) checkCallback(opts.callback);
      const issuedAt = clock();
      const pair = await endpoint("/api/v4/oauth/request_token/", "request_token", undefined, opts.signal);
      const token: RequestToken = {
        key: pair.get("oauth_token")!,
        secret: new Secret(pair.get("oauth_token_secret")!),
        issuedAt,
        expiresAt: issuedAt + REQUEST_TOKEN_LIFETIME_MS,
        ...(opts.callback === undefined ? {} : { callback: opts.callback }),
      };
      return redactedRequestToken(token);
    },

    authoriseUrl(requestToken, opts = {}) {
      const key = typeof requestToken === "string" ? requestToken : requestToken?.key;
      if (typeof key !== "string" || !key) throw new ConfigurationError("authoriseUrl needs the request token from requestToken().", { hint: "Call requestToken() first." });
      const callback = opts.callback ?? (typeof requestToken === "string" ? undefined : requestToken.callback);
      if (callback !== undefined) checkCallback(callback);
      const params = new URLSearchParams();
      if (tokenParam !== "auth_token") params.set("oauth_token", key);
      if (tokenParam !== "oauth_token") params.set("auth_token", key);
      if (callback !== undefined) params.set("callback", callback);
      return `${baseUrl}/api/v4/oauth/authorise/?${params.toString().replace(/\+/g, "%20")}`;
    },

    async accessToken(requestToken, opts = {}) {
      if (!requestToken || typeof requestToken.key !== "string" || !(requestToken.secret instanceof Secret)) {
        throw new ConfigurationError("accessToken needs the request token object returned by requestToken().", { hint: "Pass the object, not only its key." });
      }
      const now = clock();
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
      let pair: URLSearchParams;
      try {
        pair = await endpoint("/api/v4/oauth/access_token/", "access_token", { key: requestToken.key, secret: requestToken.secret }, opts.signal);
      } catch (error) {
        // The server did not take it: the user may authorise and try again within the 10 minutes.
        spent.delete(requestToken.key);
        throw error;
      }
      const issuedAt = clock();
      const token = createAccessToken({
        accessToken: pair.get("oauth_token")!,
        tokenSecret: pair.get("oauth_token_secret")!,
        tokenType: "OAuth",
        scopes: [],
        issuedAt,
        expiresAt: issuedAt + ACCESS_TOKEN_LIFETIME_MS,
      });
      await store.set(storeKey, token);
      current = token;
      loaded = true;
      return token;
    },

    getToken: () => loadToken(),

    async logout() {
      await store.delete(storeKey);
      current = undefined;
      loaded = true;
    },
  };
  // For core's authFetch / createClient: never a retry after a 401 (tokens cannot be refreshed).
  const signingOnly: Authorizer = { signsBody: true, authorize: auth.authorize };
  const reporting: Authorizer = { ...signingOnly, unauthorized: auth.unauthorized };
  (auth as { fetch: FetchLike }).fetch = authFetch(reporting, transport);
  Object.defineProperty(auth, "toJSON", { value: () => ({ BynderAuth: { baseUrl, consumerKey: consumer.key } }), enumerable: false });
  return auth;
}

/** `oauth_token` / `oauth_token_secret` from a form-encoded (documented) or JSON body. */
function parsePair(text: string, what: string): URLSearchParams {
  const trimmed = text.trim();
  let pair: URLSearchParams;
  if (trimmed.startsWith("{")) {
    pair = new URLSearchParams();
    try {
      const v = JSON.parse(trimmed) as Record<string, unknown>;
      for (const k of ["oauth_token", "oauth_token_secret"]) if (typeof v[k] === "string") pair.set(k, v[k] as string);
    } catch {
      /* reported below */
    }
    // core's linear parser: Node's URLSearchParams is quadratic on a body of "&a&a&a…".
  } else pair = new URLSearchParams(parseFormParams(trimmed));
  if (!pair.get("oauth_token") || !pair.get("oauth_token_secret")) {
    throw new InvalidTokenResponseError(`${what} answered without oauth_token and oauth_token_secret.`, {
      hint: "Expected oauth_token=...&oauth_token_secret=... as in the Bynder document; check the base URL is your portal (https://company.bynder.com).",
    });
  }
  // The token goes into every Authorization header, the secret into the signing key: refuse one
  // that cannot (CR, LF, NUL, controls, non-ASCII) here, quoting nothing of it.
  checkTokenValue(pair.get("oauth_token")!, "oauth_token", what);
  checkTokenValue(pair.get("oauth_token_secret")!, "oauth_token_secret", what, "vschar");
  return pair;
}

// For messages: path only, no query (a query can carry anything).
function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "(request)";
  }
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

function redactedRequestToken(token: RequestToken): RequestToken {
  const view = () => ({ key: "[redacted]", secret: "[redacted]", expiresAt: new Date(token.expiresAt).toISOString() });
  Object.defineProperty(token, "toJSON", { value: view, enumerable: false });
  Object.defineProperty(token, inspectSymbol, { value: () => ({ RequestToken: view() }), enumerable: false });
  return Object.freeze(token);
}

