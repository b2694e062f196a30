/**
 * `@auth/core`: shared types, the token cache, stores, errors, secrets and OAuth 2 / HTTP
 * helpers for the @auth provider packages. No provider names here; see DESIGN.md.
 */

/** ky types, so providers and users need no direct ky dependency for typing `client()`. */
export type { KyInstance, Options as KyOptions } from "ky";
export { type AccessToken, createAccessToken, deserializeToken, type ParseTokenResponseOptions, parseJsonLenient, parseTokenResponse, serializeToken } from "./access-token.js";
export { authFetch, type FetchLike } from "./auth-fetch.js";
export { createAuthorizationCodeAuth } from "./authorization-code-auth.js";
export { type AuthorizationCodeLoginOptions, isOutOfBand } from "./authorization-code-login.js";
export type { AuthorizationCodeAuth, AuthorizationCodeOptions, AuthorizationRequestOptions, CompleteAuthorizationOptions } from "./authorization-code-types.js";
export { checkScopes, type PendingAuthorization, type ResponseType } from "./authorization-requests.js";
export type { Authorizer, AuthRequest } from "./authorizer.js";
export { base64Url, base64Utf8 } from "./base64.js";
export { type BearerAuth, type BearerAuthOptions, createBearerAuth } from "./bearer-auth.js";
export { bearerAuthorizer } from "./bearer-authorizer.js";
export { createClient } from "./client.js";
export { type Clock, type Logger, silentLogger, systemClock } from "./clock.js";
export {
  AuthError,
  type AuthErrorCode,
  type AuthErrorOptions,
  ConfigurationError,
  FlowError,
  InsufficientScopeError,
  InvalidTokenResponseError,
  OAuthError,
  TokenEndpointError,
} from "./errors.js";
export { parseFormParams } from "./form-params.js";
export { DEFAULT_MAX_RESPONSE_BYTES, type ReadBoundedOptions, ResponseTooLargeError, readBoundedText } from "./http/bounded-body.js";
export { boundedExchange, describeRetry, type ExchangeOptions, type ExchangeResult, RetryLaterError, retryLogger } from "./http/bounded-exchange.js";
export { networkFailure } from "./http/network-failure.js";
export { parseRetryAfter } from "./http/retry-after.js";
export { bodyExcerpt, EXCERPT_WINDOW, endpointErrorFromResponse, isOAuthErrorBody, oauthErrorFromBody } from "./http-errors.js";
export { implicitToken } from "./implicit-token.js";
export { type LoginRequest, type LoginRunner, type LoopbackLoginOptions, OOB_REDIRECT_URI, type OutOfBandOptions } from "./login-runner.js";
export { requireBaseUrl, requireOption, requireSecret } from "./options.js";
export { createPkceSync, type PkcePair } from "./pkce.js";
export type { GetTokenOptions, InteractiveProviderAuth, ProviderAuth } from "./provider-auth.js";
export type { ProviderContext, ProviderDescriptor, ProviderFile, ProviderLoginOptions, ProviderSession, ProviderSetting, ProviderSettings } from "./provider-descriptor.js";
export { type AuthorizationUrlOptions, buildAuthorizationUrl, checkState, createPkce, createState, parseRedirect, type RedirectResult } from "./redirect.js";
export {
  basicAuthorization,
  type ClientAuthentication,
  formEncode,
  type RequestTokenOptions,
  type RetryNotice,
  type RetryPolicy,
  requestToken,
} from "./request-token.js";
export { revokeToken, type RevokeTokenOptions } from "./revoke-token.js";
export { type Redactable, redact, redacted, Secret } from "./secret.js";
export { type StoreKeyParts, storeKey } from "./store-key.js";
export type { TelemetryLabels } from "./telemetry/cache-telemetry.js";
export { type TelemetryCounts, type TelemetrySnapshot, telemetrySnapshot } from "./telemetry/counters.js";
export { createTokenCache, defaultRefreshWindow, type FetchTokenContext, type RefreshWindow, type TokenCache, type TokenCacheOptions } from "./token-cache.js";
export { type BearerSettings, createTokenEndpointAuth, type TokenEndpoint } from "./token-endpoint-auth.js";
export { MemoryTokenStore, type ReleaseLock, type TokenStore } from "./token-store.js";
export { checkTokenValue, type TokenCharset, tokenValueProblem } from "./token-value.js";
export { checkEndpointUrl, isLoopbackHost, safeOrigin } from "./url-policy.js";
export { bearerChallenge, type Challenge, parseWwwAuthenticate } from "./www-authenticate.js";
