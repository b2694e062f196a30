/**
 * `@auth/core/node`: the parts that need Node.js (files, sockets, processes).
 * The main entry stays free of `node:` imports so it runs in browsers and edge runtimes.
 */
export { type LoginRequest, type LoginRunner, type LoopbackLoginOptions, OOB_REDIRECT_URI, type OutOfBandOptions } from "./login-runner.js";
export { FileTokenStore } from "./node/file-token-store.js";
export { type ListenForRedirectOptions, listenForRedirect, type RedirectListener } from "./node/listen-for-redirect.js";
export { runLoopbackLogin } from "./node/loopback-login.js";
export { openBrowser } from "./node/open-browser.js";
