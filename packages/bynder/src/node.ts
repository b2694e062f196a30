/**
 * `@auth/bynder/node`: everything from `@auth/bynder`, with `createBynderAuth` whose `login()`
 * runs the three-legged handshake (docs/providers.md#bynder-handshake) through core's loopback
 * login (`runLoopbackLogin`: a listener on 127.0.0.1, RFC 8252 §7.3, and the user's browser).
 * Node only.
 */
import type { AccessToken } from "@auth/core";
import { runLoopbackLogin } from "@auth/core/node";
import { type BynderAuth, createBynderAuth as createNeutral } from "./bynder-auth.js";
import { runBynderLogin } from "./login.js";
import type { BynderAuthOptions, BynderLoginOptions } from "./options.js";

export { FileTokenStore } from "@auth/core/node";
export * from "./index.js";

/** @deprecated Use {@link BynderLoginOptions}. */
export type LoginOptions = BynderLoginOptions;

/**
 * Bynder OAuth 1.0a, with `login()` on Node: request token, the authorise page in the browser
 * with a callback to `http://127.0.0.1:{port}/callback`, then the access token, which is
 * stored (with its 30-day expiry) in `store` and signed with from then on.
 *
 * ```ts
 * import { createBynderAuth, FileTokenStore } from "@auth/bynder/node";
 * const auth = createBynderAuth({ baseUrl, consumer, store: new FileTokenStore("~/.bynder-token.json") });
 * await auth.getToken().catch(() => auth.login({ timeoutMs: 300_000 }));
 * ```
 */
export function createBynderAuth(options: BynderAuthOptions): BynderAuth {
  return createNeutral(options, runLoopbackLogin);
}

/**
 * @deprecated Use `auth.login(options)` on the object from this entry's `createBynderAuth`.
 * Kept for callers of the free function; works with an object from either entry.
 */
export function login(auth: BynderAuth, options: BynderLoginOptions = {}): Promise<AccessToken> {
  return runBynderLogin(auth, runLoopbackLogin, options);
}
