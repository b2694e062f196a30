/**
 * `@auth/testing`: local emulators of the auth providers (real HTTP servers on 127.0.0.1),
 * for the packages' own tests, the CLI demo and users' tests. Node only.
 * The emulators are written independently of the client packages (they import none of them),
 * so a bug cannot hide in both.
 */

export { EMULATOR_PROVIDERS, type EmulatorCommand, type EmulatorProvider, parseEmulatorArgs } from "./bin-args.js";
export { type BynderCredentials, type BynderEmulator, type BynderEmulatorOptions, type BynderFault, type BynderKeyPair, type BynderOwnFault, startBynderEmulator } from "./bynder-emulator.js";
export { CONFIGAPI_EXAMPLE_CREDENTIALS, type ConfigApiCredentials, type ConfigApiEmulator, type ConfigApiEmulatorOptions, type ConfigApiFault, startConfigApiEmulator } from "./configapi-emulator.js";
export { CORS_MAX_AGE_SECONDS, type CorsOption } from "./cors.js";
export { DEMO_SCENARIOS, type DemoPurpose, type DemoRequest, type DemoRun, type DemoScenario, demoScenario } from "./demo-scenarios.js";
export { type Emulator, type OwnFaultHandlers, routeFaults } from "./emulator.js";
export { type EmulatorDescription, type RunningEmulator, startEmulatorFor } from "./emulator-command.js";
export type { Fault } from "./faults.js";
export { type OAuth2Credentials, type OAuth2Emulator, type OAuth2EmulatorOptions, startOAuth2Emulator } from "./generic-oauth2-emulator.js";
export { type HostileFault, pathologicalChallenge, pathologicalHtml } from "./hostile-faults.js";
export { type StartServerOptions, startServer, type TestServer } from "./http-server.js";
export { type ImagenCredentials, type ImagenEmulator, type ImagenEmulatorOptions, type ImagenFault, type ImagenRecord, startImagenEmulator } from "./imagen-emulator.js";
export { METAPACK_EXAMPLE_API_KEY, type MetapackCredentials, type MetapackEmulator, type MetapackEmulatorOptions, type MetapackFault, startMetapackEmulator } from "./metapack-emulator.js";
export { type ClientAuthMode, decodeBasic, oauthError, requireBearer } from "./oauth2.js";
export type { LoggedRequest, RequestLog } from "./request-log.js";
export type { Handler, RouteContext } from "./route-context.js";
export type { EmulatorServerOptions } from "./server-options.js";
export { type BadTokenResponseFault, type TokenEndpointFault, type TokenFault, tokenFaults } from "./token-faults.js";
export { type IssuedToken, TokenIssuer } from "./token-issuer.js";
