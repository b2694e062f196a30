import { ConfigurationError, createAuthorizationCodeAuth, type LoginRunner, requireBaseUrl, requireOption, requireSecret, storeKey } from "@auth/core";
import { imagenFlowError, loginRequiredError, TOKEN_ENDPOINT_HINTS } from "./hints.js";
import { imagenTransport } from "./imagen-transport.js";
import type { ImagenAuth, ImagenAuthOptions } from "./imagen-types.js";
import { classifyRedirectUri, OOB } from "./redirect-uri.js";
import { DEFAULT_IMAGEN_SCOPES } from "./scopes.js";

const SCOPES_HINT = "Use ImagenScopes: readUsersData, modifyUsersData, manageJobs, roles, createJobs, modifyRoles.";

/**
 * Imagen access tokens by the implicit grant (docs/providers.md#imagen-bearer-token-url) or the
 * authorization code grant (docs/providers.md#imagen-authorization-code), on core's
 * `createAuthorizationCodeAuth`: Imagen adds its endpoints, scopes, application types and
 * reserved redirect URIs (docs/providers.md#imagen-redirect-uris), UTF-8 bodies and hints.
 *
 * On Node (the package's `node` export condition) `login()` runs the loopback listener and the
 * browser; in the runtime-neutral build it rejects with `login_unavailable`.
 *
 * ```ts
 * const auth = createImagenAuth({ baseUrl: "https://imagen.example.com", apiKey, apiSecret, responseType: "code" });
 * await auth.login();                     // Node: browser + loopback listener
 * const records = await auth.client({ prefix: "https://imagen.example.com/api/v1/" }).get("records").json();
 * ```
 */
export function createImagenAuth(options: ImagenAuthOptions): ImagenAuth {
  return buildImagenAuth(options, undefined);
}

/** {@link createImagenAuth} with a login runner: the Node entry passes `runLoopbackLogin`. */
export function buildImagenAuth(options: ImagenAuthOptions, loginRunner: LoginRunner | undefined): ImagenAuth {
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
  classifyRedirectUri(redirectUri, applicationType);
  const responseType = options.responseType ?? "token";
  if (responseType !== "token" && responseType !== "code") {
    throw new ConfigurationError(`responseType must be "token" or "code"; the value given (a ${typeof responseType}) is neither.`);
  }
  const { baseUrl: _b, apiKey: _k, apiSecret: _s, applicationType: _t, responseType: _r, name: _n, pkce, ...settings } = options;
  const core = createAuthorizationCodeAuth({
    ...settings,
    clientId: apiKey,
    ...(apiSecret ? { clientSecret: apiSecret } : {}),
    clientAuthentication: options.clientAuthentication === "post" ? "post" : "basic",
    authorizationEndpoint: options.authorizationEndpoint ?? `${baseUrl}/oauth/authorize`,
    tokenEndpoint: options.tokenEndpoint ?? `${baseUrl}/oauth/token`,
    redirectUri,
    // docs/providers.md#imagen-redirect-uris: the reserved loopback URI (any port, RFC 8252 §7.3).
    loopbackRedirectUri: "http://localhost",
    scopes: options.scopes ?? DEFAULT_IMAGEN_SCOPES,
    scopesHint: SCOPES_HINT,
    // RFC 8252 §8.1: native apps use PKCE; a web app's code may be exchanged by another process.
    pkce: pkce ?? applicationType === "installed",
    implicit: true,
    defaultResponseType: responseType,
    key: storeKey({ provider: "imagen", baseUrl, account: apiKey }),
    hints: TOKEN_ENDPOINT_HINTS,
    loginRequired: ({ previous, rejected }) => loginRequiredError(previous, rejected !== undefined),
    mapFlowError: imagenFlowError,
    wrapTransport: imagenTransport,
    checkRedirectUri: (uri) => void classifyRedirectUri(uri, applicationType),
    secretName: "apiSecret",
    secretHint: 'Pass apiSecret from the application\'s page in ImagenWeb, or use responseType "token" (implicit grant, no refresh).',
    // The whole "Response: ..." line of the out-of-band page, label included, is accepted.
    normalizeResponse: stripResponseLabel,
    successTitle: "Imagen login complete",
    ...(loginRunner ? { loginRunner } : {}),
  });
  return {
    ...core,
    applicationType,
    async login(o) {
      if (applicationType === "web") {
        throw new ConfigurationError("login() is for installed applications: a web application receives the redirect on its own https:// URL.", {
          hint: "Send the user to authorizationUrl() and pass what arrives at your redirect URI to completeAuthorization().",
        });
      }
      return core.login(o);
    },
  };
}

/** `input` without a leading `Response:` label (any case, then whitespace); linear, no regex. */
function stripResponseLabel(input: string): string {
  const text = input.trimStart();
  if (text.slice(0, 9).toLowerCase() !== "response:") return input;
  const rest = text.slice(9);
  const value = rest.trimStart();
  return value.length < rest.length ? value : input;
}
