/**
 * `@auth/imagen`: Imagen OAuth 2 (implicit and authorization code grants), scopes and installed
 * applications, on @auth/core. `login()` and `loadImagenApplication()` load Node modules only
 * when called, so this entry has no static `node:` import.
 */

export { AuthError, ConfigurationError, FlowError, InsufficientScopeError, OAuthError } from "@auth/core";
export { IMAGEN_APPLICATION_KEYS, type ImagenApplication, loadImagenApplication, parseImagenApplication } from "./application.js";
export {
  type AuthorizationUrlOptions,
  type CompleteAuthorizationOptions,
  createImagenAuth,
  type ImagenAuth,
  type ImagenAuthOptions,
  type ImagenResponseType,
} from "./imagen-auth.js";
export type { ImagenLoginOptions } from "./login.js";
export { classifyRedirectUri, type ImagenApplicationType, OOB, OOB_AUTO, type RedirectKind } from "./redirect-uri.js";
export { DEFAULT_IMAGEN_SCOPES, type ImagenScope, ImagenScopeDescriptions, ImagenScopes } from "./scopes.js";
