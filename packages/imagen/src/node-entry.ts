/**
 * `@auth/imagen` on Node (the `node` export condition; also `@auth/imagen/node`): everything of
 * the runtime-neutral entry, with `createImagenAuth` whose `login()` runs the loopback listener
 * and the browser (`runLoopbackLogin` from `@auth/core/node`) and `loadImagenApplication`
 * reading the application file.
 */
import { runLoopbackLogin } from "@auth/core/node";
import { buildImagenAuth } from "./imagen-auth.js";
import type { ImagenAuth, ImagenAuthOptions } from "./imagen-types.js";

export { loadImagenApplication } from "./application-file.js";
// Explicit exports shadow the star export's names of the same name (ECMAScript §16.2.1.6.2).
export * from "./index.js";

/** {@link ImagenAuth} whose `login()` works: see the runtime-neutral `createImagenAuth` for the options. */
export function createImagenAuth(options: ImagenAuthOptions): ImagenAuth {
  return buildImagenAuth(options, runLoopbackLogin);
}
