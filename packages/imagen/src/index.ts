/**
 * `@auth/imagen`, runtime-neutral build (the `default` export condition: browsers, workers,
 * edge runtimes): Imagen OAuth 2 (implicit and authorization code grants), scopes and installed
 * applications, on @auth/core. Nothing in its import graph imports a Node module, statically or
 * dynamically; `login()` and `loadImagenApplication()` reject here with a typed error. On Node
 * the `node` condition resolves `node-entry.ts`, which adds both.
 */

export { AuthError, ConfigurationError, FlowError, InsufficientScopeError, OAuthError } from "@auth/core";
export { IMAGEN_APPLICATION_KEYS, type ImagenApplication, parseImagenApplication } from "./application.js";
export { loadImagenApplication } from "./application-file-neutral.js";
export { createImagenAuth } from "./imagen-auth.js";
export type { AuthorizationUrlOptions, CompleteAuthorizationOptions, ImagenAuth, ImagenAuthOptions, ImagenLoginOptions, ImagenResponseType } from "./imagen-types.js";
export { classifyRedirectUri, type ImagenApplicationType, OOB, OOB_AUTO, type RedirectKind } from "./redirect-uri.js";
export { DEFAULT_IMAGEN_SCOPES, type ImagenScope, ImagenScopeDescriptions, ImagenScopes } from "./scopes.js";
