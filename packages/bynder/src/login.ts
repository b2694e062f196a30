import { type AccessToken, checkState, createState, FlowError, type LoginRunner } from "@auth/core";
import type { BynderHandshake } from "./handshake.js";
import type { BynderLoginOptions } from "./options.js";

/**
 * The handshake with a loopback callback (core's login runner: listener, browser, timeout,
 * abort): request token (step 1), the authorise page with a callback to
 * `http://127.0.0.1:{port}/callback?state=…` (step 2), then the access token (step 3).
 *
 * The callback carries a random `state` of ours: Bynder sends the user back to the callback
 * URL as given, so a redirect without it is ignored by the listener, and one carrying another
 * request token is refused.
 */
export async function runBynderLogin(handshake: BynderHandshake, runLogin: LoginRunner, options: BynderLoginOptions): Promise<AccessToken> {
  if (options.timeoutMs !== undefined && !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) {
    throw new FlowError("login needs timeoutMs, a positive number of milliseconds.", { hint: "e.g. timeoutMs: 300_000 (5 minutes)." });
  }
  const signal = options.signal;
  let requestToken: Awaited<ReturnType<BynderHandshake["requestToken"]>> | undefined;
  let state = "";
  const redirect = await runLogin({
    async buildUrl(redirectUri) {
      state = createState();
      requestToken = await handshake.requestToken({ callback: `${redirectUri}?state=${state}`, ...(signal ? { signal } : {}) });
      return { url: handshake.authoriseUrl(requestToken), state };
    },
    successTitle: "Bynder login complete",
    ...(options.openBrowser === undefined ? {} : { openBrowser: options.openBrowser }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onAuthoriseUrl ? { onUrl: options.onAuthoriseUrl } : {}),
    ...(signal ? { signal } : {}),
  });
  // The runner checked the state already; checked again here, where the token is exchanged.
  if (!requestToken) throw new FlowError("The login ended without a request token.", { hint: "Start the login again." });
  checkState(state, redirect.state);
  const returned = redirect.params.oauth_token ?? redirect.params.auth_token;
  if (returned !== undefined && returned !== requestToken.key) {
    throw new FlowError("The authorise page returned a different request token than this login sent.", {
      hint: "Start the login again from this application and finish it in the browser window it opens.",
    });
  }
  return handshake.accessToken(requestToken, signal ? { signal } : {});
}
