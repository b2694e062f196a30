import type { Logger } from "../clock.js";
import { ConfigurationError, FlowError } from "../errors.js";
import { type LoginRequest, type LoopbackLoginOptions, OOB_REDIRECT_URI as OOB, type OutOfBandOptions } from "../login-runner.js";
import { checkState, parseRedirect, type RedirectResult } from "../redirect.js";
import { listenForRedirect } from "./listen-for-redirect.js";
import { longTimeout } from "./long-timeout.js";
import { openBrowser as openSystemBrowser } from "./open-browser.js";

const DEFAULT_TIMEOUT_MS = 300_000;

const stderrLogger: Logger = { warn: (m) => void process.stderr.write(`${m}\n`) };

/**
 * One interactive login for installed apps, for every grant that sends the user to a page:
 * the loopback redirect (RFC 8252 §7.3: a one-shot listener on 127.0.0.1, the browser, the
 * redirect checked against this login's `state` before it is read) or the out-of-band one (the
 * user pastes the code, the token or the whole address). Resolves with the parsed redirect;
 * rejects with a {@link FlowError} on timeout, abort, an error redirect or a wrong state, and
 * always closes the listener.
 *
 * The provider keeps what is its own: building the URL (`buildUrl`), then exchanging what comes
 * back. A bare pasted value (source `"pasted"`) carries no state: the page showed only the value.
 *
 * ```ts
 * const redirect = await runLoopbackLogin({
 *   buildUrl: (redirectUri) => { const state = createState(); return { state, url: authorizeUrl(redirectUri, state) }; },
 * });
 * await exchange(redirect.code);
 * ```
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export async function runLoopbackLogin(options: LoopbackLoginOptions): Promise<RedirectResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) {
    throw new ConfigurationError("The login needs timeoutMs, a positive number of milliseconds.", { hint: "e.g. timeoutMs: 300_000 (5 minutes)." });
  }
  if (options.oob) return outOfBand(options, options.oob, timeoutMs);
  const host = options.host ?? "127.0.0.1";
  const path = options.path ?? "/callback";
  const redirectHost = options.redirectHost ?? (host === "::1" ? "[::1]" : "127.0.0.1");
  let pending: LoginRequest | undefined;
  const listener = await listenForRedirect({
    // The state exists once the redirect URI (with the port) does: until then every request is ignored.
    expectedState: () => pending?.state,
    port: options.port ?? 0,
    host,
    path,
    timeoutMs,
    ...(options.fragment ? { fragment: true } : {}),
    ...(options.successTitle ? { successTitle: options.successTitle } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    const redirectUri = `http://${redirectHost}${listener.port === 80 ? "" : `:${listener.port}`}${path === "/" ? "" : path}`;
    pending = await options.buildUrl(redirectUri);
    await present(options, pending.url);
    return await listener.result;
  } finally {
    await listener.close();
  }
}

/** Show the URL and open the browser; when the launch fails, say so and print the URL. */
async function present(options: LoopbackLoginOptions, url: string): Promise<void> {
  const logger = options.logger ?? stderrLogger;
  options.onUrl?.(url);
  const open = options.openBrowser ?? true;
  if (typeof open === "function") {
    await open(url);
    return;
  }
  const shown = options.onUrl ? "" : `\n${url}`;
  if (!open) {
    if (!options.onUrl) logger.warn(`Open this address in a browser to authorize the application:${shown}`);
    return;
  }
  if (!(await openSystemBrowser(url))) {
    logger.warn(`The browser could not be opened (no browser found, or the opener failed). Open this address yourself:${shown}`);
  }
}

async function outOfBand(options: LoopbackLoginOptions, oob: OutOfBandOptions, timeoutMs: number): Promise<RedirectResult> {
  const request = await options.buildUrl(oob.redirectUri ?? OOB);
  await present(options, request.url);
  const controller = new AbortController();
  const stop = (reason: unknown) => controller.abort(reason);
  const timer = longTimeout(timeoutMs, () =>
    stop(new FlowError(`Nothing was pasted within ${Math.round(timeoutMs / 1000)} s.`, { hint: "Start the login again and paste what the page shows before the time runs out." })),
  );
  const onAbort = () => stop(options.signal?.reason ?? new FlowError("The login was cancelled.", { hint: "Start the login again when you are ready." }));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const read = oob.read ?? readLine;
    const prompt = oob.prompt ?? "Paste the code the page shows (or the whole address): ";
    const aborted = new Promise<never>((_, reject) => {
      if (controller.signal.aborted) reject(controller.signal.reason);
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
    });
    aborted.catch(() => {});
    const pasted = await Promise.race([read(prompt, controller.signal), aborted]);
    const result = parseRedirect(oob.normalize ? oob.normalize(pasted) : pasted, { pastedAs: oob.pastedAs ?? "code" });
    // A redirect URL, fragment or query carries parameters, and so must carry our state.
    if (result.source !== "pasted") checkState(request.state, result.state);
    return result;
  } finally {
    timer.clear();
    options.signal?.removeEventListener("abort", onAbort);
    if (!controller.signal.aborted) controller.abort();
  }
}

/** One line from stdin, the prompt on stderr (stdout stays the program's). */
async function readLine(prompt: string, signal: AbortSignal): Promise<string> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: Boolean(process.stdin.isTTY) });
  try {
    return await rl.question(prompt, { signal });
  } finally {
    rl.close();
  }
}
