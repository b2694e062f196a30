/** `@auth/imagen/node`: an alias of the Node build of `@auth/imagen` (kept for compatibility). */
export * from "./node-entry.js";
