/**
 * `@auth/bynder` on Node (the `node` export condition): everything of the runtime-neutral
 * entry, with `createBynderAuth` whose `login()` runs the three-legged handshake through core's
 * loopback login (`runLoopbackLogin`: a listener on 127.0.0.1, RFC 8252 §7.3, and the browser;
 * docs/providers.md#bynder-handshake). `@auth/bynder/node` stays as the explicit Node entry
 * (it also re-exports `FileTokenStore`).
 */
import type { LoginRunner } from "@auth/core";
import { type BynderAuth, createBynderAuth as createNeutral } from "./bynder-auth.js";
import type { BynderAuthOptions } from "./options.js";

// Explicit exports shadow the star export's names of the same name (ECMAScript §16.2.1.6.2).
export * from "./index.js";

// Loaded when login() runs, not with this entry: @auth/core/node also brings the file store,
// whose lock library reads the environment at load (Deno asks for --allow-env then), and a
// program that only signs requests needs none of it.
const runLoopbackLogin: LoginRunner = async (options) => (await import("@auth/core/node")).runLoopbackLogin(options);

/** {@link BynderAuth} whose `login()` works: see the runtime-neutral `createBynderAuth` for the options. */
export function createBynderAuth(options: BynderAuthOptions): BynderAuth {
  return createNeutral(options, runLoopbackLogin);
}
