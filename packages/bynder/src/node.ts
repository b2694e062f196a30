/**
 * `@auth/bynder/node`: everything from `@auth/bynder`, plus {@link login}, the three-legged
 * handshake (docs/providers.md#bynder-handshake) with a loopback callback
 * (RFC 8252 §7.3) and the user's browser. Node only.
 */
import { type AccessToken, checkState, createState, FlowError } from "@auth/core";
import { listenForRedirect, openBrowser as openSystemBrowser } from "@auth/core/node";
import type { BynderAuth } from "./bynder-auth.js";

export { FileTokenStore } from "@auth/core/node";
export * from "./index.js";

export interface LoginOptions {
  /**
   * Open the authorise page: `true` (default) uses the system browser; `false` does not (use
   * `onAuthoriseUrl` to show the URL); a function opens it yourself (tests drive the page with it).
   */
  openBrowser?: boolean | ((url: string) => unknown);
  /** Loopback callback port; default 0 (any free port). */
  port?: number;
  /** How long to wait for the browser to come back, ms. */
  timeoutMs: number;
  /** Called with the authorise URL before the browser opens (print it for the user). */
  onAuthoriseUrl?: (url: string) => void;
  signal?: AbortSignal;
}

/**
 * Run the handshake: request token (step 1), the authorise page in the browser with a
 * callback to `http://127.0.0.1:{port}/callback` (step 2), then the access token (step 3),
 * which `auth` stores (with its 30-day expiry) in its `store` and signs with from then on.
 *
 * The callback carries a random `state` of ours: Bynder sends the user back to the callback
 * URL as given, so a redirect without it (or with another request token) is refused.
 *
 * ```ts
 * import { createBynderAuth, FileTokenStore, login } from "@auth/bynder/node";
 * const auth = createBynderAuth({ baseUrl, consumer, store: new FileTokenStore("~/.bynder-token.json") });
 * await login(auth, { timeoutMs: 300_000 });
 * ```
 */
export async function login(auth: BynderAuth, options: LoginOptions): Promise<AccessToken> {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new FlowError("login needs timeoutMs, a positive number of milliseconds.", { hint: "e.g. timeoutMs: 300_000 (5 minutes)." });
  }
  const state = createState();
  const listener = await listenForRedirect({
    timeoutMs: options.timeoutMs,
    path: "/callback",
    // A callback without our state (a forged or stale one) is ignored; the listener keeps waiting.
    expectedState: state,
    successTitle: "Bynder login complete",
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    const requestToken = await auth.requestToken({ callback: `${listener.redirectUri}?state=${state}`, ...(options.signal ? { signal: options.signal } : {}) });
    const url = auth.authoriseUrl(requestToken);
    options.onAuthoriseUrl?.(url);
    const open = options.openBrowser ?? true;
    if (typeof open === "function") await open(url);
    else if (!(open && (await openSystemBrowser(url))) && !options.onAuthoriseUrl) {
      // Nobody else shows the URL: the user still needs it.
      process.stderr.write(`Open this URL in a browser to log in to Bynder:\n${url}\n`);
    }
    const redirect = await listener.result;
    checkState(state, redirect.state);
    const returned = redirect.params.oauth_token ?? redirect.params.auth_token;
    if (returned !== undefined && returned !== requestToken.key) {
      throw new FlowError("The authorise page returned a different request token than this login sent.", {
        hint: "Start the login again from this application and finish it in the browser window it opens.",
      });
    }
    return await auth.accessToken(requestToken, options.signal ? { signal: options.signal } : {});
  } finally {
    await listener.close();
  }
}
