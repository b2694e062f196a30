/**
 * `@auth/core/node`: the parts that need Node.js (files, sockets, processes).
 * The main entry stays free of `node:` imports so it runs in browsers and edge runtimes.
 */
export { FileTokenStore } from "./node/file-token-store.js";
export { listenForRedirect, type ListenForRedirectOptions, type RedirectListener } from "./node/listen-for-redirect.js";
export { openBrowser } from "./node/open-browser.js";
