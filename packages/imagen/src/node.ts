/**
 * `@auth/imagen/node`: the Node-only parts, importable directly (the main entry loads them on
 * demand): the browser login over a loopback listener and the application file reader.
 */
export { loadImagenApplication } from "./application.js";
export { type ImagenLoginOptions, runImagenLogin } from "./login.js";
