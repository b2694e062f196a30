/**
 * `@auth/imagen/node`: the Node-only parts, importable directly. The main entry loads them on
 * demand (`auth.login()`, `loadImagenApplication()`), so it has no static `node:` import.
 */
export { loadImagenApplication } from "./application.js";
export type { ImagenLoginOptions } from "./login.js";
