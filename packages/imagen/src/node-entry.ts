/**
 * `@auth/imagen` on Node (the `node` export condition; also `@auth/imagen/node`): everything of
 * the runtime-neutral entry, with `createImagenAuth` whose `login()` runs the loopback listener
 * and the browser (`runLoopbackLogin` from `@auth/core/node`) and `loadImagenApplication`
 * reading the application file.
 */
import type { LoginRunner } from "@auth/core";
import { buildImagenAuth } from "./imagen-auth.js";
import type { ImagenAuth, ImagenAuthOptions } from "./imagen-types.js";

export { loadImagenApplication } from "./application-file.js";
// Explicit exports shadow the star export's names of the same name (ECMAScript §16.2.1.6.2).
export * from "./index.js";

// Loaded when login() runs, not with this entry: @auth/core/node also brings the file store,
// whose lock library reads the environment at load (Deno asks for --allow-env then), and a
// program that only calls getToken() needs none of it.
const runLoopbackLogin: LoginRunner = async (options) => (await import("@auth/core/node")).runLoopbackLogin(options);

/** {@link ImagenAuth} whose `login()` works: see the runtime-neutral `createImagenAuth` for the options. */
export function createImagenAuth(options: ImagenAuthOptions): ImagenAuth {
  return buildImagenAuth(options, runLoopbackLogin);
}
