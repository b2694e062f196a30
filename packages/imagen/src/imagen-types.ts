import type {
  AccessToken,
  AuthorizationCodeLoginOptions,
  AuthorizationRequestOptions,
  BearerSettings,
  CompleteAuthorizationOptions as CoreCompleteAuthorizationOptions,
  InteractiveProviderAuth,
  Secret,
} from "@auth/core";
import type { ImagenApplicationType } from "./redirect-uri.js";
import type { ImagenScope } from "./scopes.js";

/** `"token"`: the implicit grant (docs/providers.md#imagen-bearer-token-url); `"code"`: the authorization code grant. */
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
   * PKCE S256 (RFC 7636) in the authorization code flow. Default `true` for installed
   * applications (RFC 8252 §8.1 requires it of native apps; servers that do not know PKCE ignore
   * it), `false` for web applications (whose code may be exchanged by another process: pass
   * `true` and hand `codeVerifier` from `authorizationUrl()` to `completeAuthorization()`).
   */
  pkce?: boolean;
  /** Accepted and ignored, so a loaded application file can be spread in. */
  name?: string;
}

/** Options of `authorizationUrl()`: response type, state, scopes, redirect URI (checked against the application type). */
export type AuthorizationUrlOptions = AuthorizationRequestOptions;

/** Options of `completeAuthorization()`, for a response another object (or process) asked for. */
export type CompleteAuthorizationOptions = CoreCompleteAuthorizationOptions;

/**
 * Options of `login()` (Node): `responseType`, `openBrowser`, `port` (default: the configured
 * loopback redirect's, else any free port; `80` sends exactly `http://localhost`), `timeoutMs`
 * (default 300 000), `signal`, `scopes`, `oob` (paste instead of the loopback listener).
 */
export type ImagenLoginOptions = AuthorizationCodeLoginOptions;

/** The Imagen client: the provider contract of `@auth/core`, plus the two redirect flows. */
export interface ImagenAuth extends InteractiveProviderAuth<ImagenLoginOptions> {
  /** Build `{baseUrl}/oauth/authorize?response_type=...` and remember its state (and PKCE verifier). */
  authorizationUrl(options?: AuthorizationUrlOptions): { url: string; state: string; codeVerifier?: string };
  /** Finish with what came back (redirect URL, fragment, query, the page's `Response:` line, or a pasted code or token): check state, exchange a code, store. */
  completeAuthorization(input: string, options?: CompleteAuthorizationOptions): Promise<AccessToken>;
  /** Node: open the browser, wait on a loopback listener (RFC 8252 §7.3), complete, store. Elsewhere: rejects with `login_unavailable`. */
  login(options?: ImagenLoginOptions): Promise<AccessToken>;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
  readonly applicationType: ImagenApplicationType;
}
