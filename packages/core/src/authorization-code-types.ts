import type { AccessToken } from "./access-token.js";
import type { FetchLike } from "./auth-fetch.js";
import type { AuthorizationCodeLoginOptions } from "./authorization-code-login.js";
import type { ResponseType } from "./authorization-requests.js";
import type { AuthError } from "./errors.js";
import type { LoginRunner } from "./login-runner.js";
import type { InteractiveProviderAuth } from "./provider-auth.js";
import type { Secret } from "./secret.js";
import type { FetchTokenContext } from "./token-cache.js";
import type { BearerSettings } from "./token-endpoint-auth.js";

/** Options of {@link createAuthorizationCodeAuth}; `store`, `timeout`, `retry`, `fetch`, … are core's {@link BearerSettings}. */
export interface AuthorizationCodeOptions extends BearerSettings {
  clientId: string;
  /** A confidential client's secret; without one the client is public (`client_id` in the form, PKCE). */
  clientSecret?: string | Secret;
  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). Default `"basic"` with a secret, `"none"` without. */
  clientAuthentication?: "basic" | "post" | "none";
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Sent by `authorizationUrl()` unless it is given another. Default `urn:ietf:wg:oauth:2.0:oob`. */
  redirectUri?: string;
  /** The loopback redirect `login()` listens on when `redirectUri` is not a loopback one. Default `http://127.0.0.1/callback` (any free port). */
  loopbackRedirectUri?: string;
  scopes?: readonly string[];
  /** PKCE S256 (RFC 7636) in every code request. Default `true`. */
  pkce?: boolean;
  /** Allow `responseType: "token"` (the implicit grant, RFC 6749 §4.2), for providers that document only it. Default `false`. */
  implicit?: boolean;
  /** The response type when none is given. Default `"code"`. */
  defaultResponseType?: ResponseType;
  /** Store key; default `storeKey({ provider: "oauth2", baseUrl: tokenEndpoint, account: clientId })`. */
  key?: string;
  /** Makes `login()` work: `runLoopbackLogin` from `@auth/core/node`. Without it `login()` rejects with `login_unavailable`. */
  loginRunner?: LoginRunner;
  /** Hints for token endpoint errors, by RFC 6749 §5.2 error code or HTTP status. */
  hints?: Record<string, string>;
  /** The error when no token can be had without the user. Default: `login_required` saying to log in. */
  loginRequired?: (context: FetchTokenContext) => AuthError;
  /** Gives errors of the authorization page (`access_denied`, …) a provider's hint. */
  mapFlowError?: (error: unknown) => unknown;
  /** Wraps the transport of `client()` and `fetch` (not of token requests), e.g. to map a provider's 403. */
  wrapTransport?: (fetch: FetchLike) => FetchLike;
  /** Checks a redirect URI given to `authorizationUrl()` (a provider's registration rules). */
  checkRedirectUri?: (uri: string) => void;
  /** The hint of a bad `scopes` list. */
  scopesHint?: string;
  /** The option name of the secret in that error. Default `clientSecret`. */
  secretName?: string;
  /** The hint when a code must be exchanged but the client has no secret. */
  secretHint?: string;
  /** Applied to a pasted or given response before it is parsed (`completeAuthorization`, `login({ oob })`): e.g. drop a label the provider's page shows before the value. */
  normalizeResponse?: (input: string) => string;
  /** Title of the page the loopback listener shows after success. */
  successTitle?: string;
}

/** Options of `authorizationUrl()`. */
export interface AuthorizationRequestOptions {
  responseType?: ResponseType;
  /** Default: 32 random bytes (RFC 6749 §10.12). */
  state?: string;
  scopes?: readonly string[];
  /** Another redirect URI than the configured one. */
  redirectUri?: string;
}

/** Options of `completeAuthorization()`, for a response that another object (or process) asked for. */
export interface CompleteAuthorizationOptions {
  /** The state sent; default: the one the response names, else this object's latest request. */
  state?: string;
  /** The PKCE verifier `authorizationUrl()` returned. */
  codeVerifier?: string;
  /** How to read a bare pasted value; default: the request's type. */
  responseType?: ResponseType;
  redirectUri?: string;
}

/** A client of the authorization code grant: the provider contract, plus the steps of the redirect. */
export interface AuthorizationCodeAuth extends InteractiveProviderAuth<AuthorizationCodeLoginOptions> {
  /** The authorization request URL (RFC 6749 §4.1.1), its state and PKCE verifier; remembered for `completeAuthorization`. */
  authorizationUrl(options?: AuthorizationRequestOptions): { url: string; state: string; codeVerifier?: string };
  /** Finish with what came back (redirect URL, query, fragment, or a pasted code): check the state, exchange the code, store the token. */
  completeAuthorization(input: string, options?: CompleteAuthorizationOptions): Promise<AccessToken>;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
}
