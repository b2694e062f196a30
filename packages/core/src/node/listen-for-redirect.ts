import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthError, ConfigurationError, FlowError } from "../errors.js";
import { checkState, parseRedirect, type RedirectResult } from "../redirect.js";
import { longTimeout } from "./long-timeout.js";
import { isCrossOrigin, isPrefetch, MAX_FRAGMENT_BODY_BYTES, readBoundedBody } from "./redirect-request.js";

export interface ListenForRedirectOptions {
  /** 0 (default) picks a free port. Port 80 needs privileges on most systems. */
  port?: number;
  /** Only loopback is allowed (RFC 8252 §7.3, §8.3). */
  host?: "127.0.0.1" | "::1" | "localhost";
  /** The redirect path to wait on. Default `/callback`; `/` accepts any path. */
  path?: string;
  /**
   * How long to wait, ms: a positive number; `Infinity` waits until `signal` aborts or
   * `close()`. Delays beyond setTimeout's 2³¹−1 ms are waited out in full, not fired at once.
   */
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * The `state` sent with the authorization request (RFC 6749 §10.12). A request whose state
   * is missing, repeated or different — a forged `?error=access_denied`, a stale tab, a page
   * probing the port — gets a short error page and is ignored; the listener keeps waiting for
   * the real redirect (RFC 8252 §8.9, RFC 9700 §4.7). Only the right state ends the wait, with
   * the result or, for an error redirect, a {@link FlowError}.
   *
   * A function is asked on each request, for a state made once the port is known; while it
   * returns `undefined` no login is under way and every request is ignored. Without this
   * option the first request with parameters ends the wait (the caller must check the state).
   */
  expectedState?: string | (() => string | undefined);
  /**
   * When the result arrives in the URL fragment (OAuth 2 implicit grant), the browser never
   * sends it to the server: serve a page that posts `location.hash` back (same origin; a POST
   * from another origin, or one over {@link MAX_FRAGMENT_BODY_BYTES}, is refused).
   */
  fragment?: boolean;
  /** Title of the page shown to the user after success. */
  successTitle?: string;
}

export interface RedirectListener {
  /** The redirect URI to register / send: `http://127.0.0.1:<port><path>`. */
  readonly redirectUri: string;
  readonly port: number;
  /** Resolves with the parsed redirect; rejects on timeout, abort, or an error redirect. */
  readonly result: Promise<RedirectResult>;
  /** Stop waiting: rejects `result` with a {@link FlowError} if nothing arrived, and closes the server. */
  close(): Promise<void>;
}

const page = (title: string, text: string, script = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p>${script}</body></html>`;

// Reads the fragment and posts it back once; the page itself contains no secret.
const FRAGMENT_SCRIPT = `<script>(function(){var h=location.hash.slice(1);history.replaceState(null,"",location.pathname);fetch(location.pathname+"?__fragment=1",{method:"POST",headers:{"content-type":"text/plain"},body:h}).then(function(r){return r.text()}).then(function(t){document.body.innerHTML=t})})();</script>`;

const IGNORED = "This response does not belong to the login in progress (its state is missing or different), so it was ignored. Finish the login in the browser window the application opened.";
const WAITING = "This address receives the authorization response; finish the login in the browser window that opened it.";

/**
 * A one-shot loopback listener for installed apps (RFC 8252 §7.3): binds loopback only,
 * answers the browser with a short page, resolves with the parsed redirect, rejects on
 * timeout or abort, and always closes the server.
 *
 * What it ignores (answers with an error page and keeps waiting): requests without parameters,
 * other paths (`/favicon.ico`), methods other than GET (and the fragment POST), prefetches,
 * cross-origin fragment POSTs, bodies over 64 KiB, and — with `expectedState` — any response
 * whose state is not the expected one.
 *
 * ```ts
 * const state = createState();
 * const listener = await listenForRedirect({ timeoutMs: 120_000, expectedState: state });
 * open(authorizationUrl(listener.redirectUri, state));
 * const { code } = await listener.result;
 * ```
 */
export async function listenForRedirect(options: ListenForRedirectOptions): Promise<RedirectListener> {
  const host = options.host ?? "127.0.0.1";
  if (!["127.0.0.1", "::1", "localhost"].includes(host)) {
    throw new AuthError("configuration", "listenForRedirect binds loopback only.", { hint: "Use 127.0.0.1." });
  }
  if (typeof options.timeoutMs !== "number" || !(options.timeoutMs > 0)) {
    throw new ConfigurationError("listenForRedirect needs timeoutMs, a positive number of milliseconds.", { hint: "e.g. timeoutMs: 300_000 (5 minutes); Infinity waits until aborted." });
  }
  const cancelled = () => new FlowError("The login was cancelled.", { hint: "Start the login again when you are ready." });
  if (options.signal?.aborted) throw options.signal.reason ?? cancelled();
  const path = options.path ?? "/callback";
  let settle: { resolve: (r: RedirectResult) => void; reject: (e: unknown) => void } | undefined;
  const result = new Promise<RedirectResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  result.catch(() => {}); // rejection is for the awaiting caller; avoid unhandled noise
  let done = false;
  let port = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => handle(req, res));
  // A request that trickles in (slowloris) cannot hold a socket for long.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  const close = () =>
    new Promise<void>((resolve) => {
      timer?.clear();
      options.signal?.removeEventListener("abort", onAbort);
      server.close(() => resolve());
      // Let the final page be delivered, then drop keep-alive sockets.
      setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, 50).unref();
    });
  const finish = (error: unknown, value?: RedirectResult) => {
    if (done) return;
    done = true;
    void close();
    if (error) settle!.reject(error);
    else settle!.resolve(value!);
  };

  const respond = (res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; script-src 'unsafe-inline'; connect-src 'self'",
      connection: "close",
      ...extra,
    });
    res.end(html);
  };

  function handle(req: IncomingMessage, res: ServerResponse) {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", `http://${host === "::1" ? "[::1]" : host}`);
    } catch {
      return respond(res, 400, page("Bad request", ""));
    }
    if (done) return respond(res, 404, page("Not found", "This one-time login listener has finished."));
    if ((path !== "/" && url.pathname !== path) || url.pathname === "/favicon.ico") return respond(res, 404, page("Not found", "This is a one-time login listener."));
    if (isPrefetch(req)) return respond(res, 503, page("Not now", WAITING));
    if (req.method === "POST" && options.fragment && url.searchParams.get("__fragment") === "1") {
      if (isCrossOrigin(req, port)) return respond(res, 403, page("Refused", "Only this login's own page may post here."));
      readBoundedBody(req).then(
        (body) => (body === undefined ? respond(res, 413, page("Too large", "That is not an authorization response.")) : complete(res, body, `#${body}`)),
        () => respond(res, 400, page("Bad request", "")),
      );
      return;
    }
    if (req.method !== "GET") return respond(res, 405, page("Method not allowed", WAITING), { allow: "GET" });
    if (options.fragment && !url.search) {
      return respond(res, 200, page("Completing login…", "One moment.", FRAGMENT_SCRIPT));
    }
    complete(res, url.search.slice(1), url.href);
  }

  /** `params` is the query or fragment alone (what the state is read from); `input` is what parseRedirect reads. */
  function complete(res: ServerResponse, params: string, input: string) {
    const received = new URLSearchParams(params);
    // A visit without any parameter (the user opening the redirect URI, an empty fragment) is
    // not the authorization response: say so and keep waiting.
    if (received.size === 0) return respond(res, 400, page("Waiting for login", WAITING));
    if (options.expectedState !== undefined) {
      const expected = typeof options.expectedState === "function" ? options.expectedState() : options.expectedState;
      const states = received.getAll("state");
      // Checked before the response is read, so that a forged error cannot end the login.
      try {
        if (expected === undefined || states.length !== 1) throw new FlowError("state");
        checkState(expected, states[0]);
      } catch {
        return respond(res, 400, page("Not this login", IGNORED));
      }
    }
    try {
      const parsed = parseRedirect(input);
      respond(res, 200, page(options.successTitle ?? "Login complete", "You can close this window and return to the application."));
      finish(undefined, parsed);
    } catch (error) {
      const denied = error instanceof FlowError;
      respond(res, 400, page("Login failed", denied ? "The authorization did not complete. You can close this window." : "Unexpected response."));
      finish(error);
    }
  }

  // Not setTimeout: it fires a delay of 2^31 ms or more at once.
  const timer = longTimeout(options.timeoutMs, () => {
    finish(
      new FlowError(`No redirect arrived within ${Math.round(options.timeoutMs / 1000)} s.`, {
        hint: "Open the authorization URL in a browser and complete the login before the time runs out, or raise the timeout.",
      }),
    );
  });
  const onAbort = () => finish(options.signal?.reason ?? cancelled());
  options.signal?.addEventListener("abort", onAbort, { once: true });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      done = true;
      timer.clear();
      options.signal?.removeEventListener("abort", onAbort);
      const hint =
        error.code === "EACCES"
          ? `Binding port ${options.port} needs privileges; use port 0 (any free port) if the provider allows it.`
          : error.code === "EADDRINUSE"
            ? `Port ${options.port} is in use; close the other program or choose another port.`
            : undefined;
      reject(new AuthError("listen_failed", `Could not listen on ${host}:${options.port ?? 0} (${error.code}).`, hint ? { hint } : {}));
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host === "::1" ? "[::1]" : host;
  return { redirectUri: `http://${shownHost}:${port}${path === "/" ? "" : path}`, port, result, close: () => {
      if (done) return Promise.resolve();
      finish(new FlowError("The listener was closed before a redirect arrived.", { hint: "Start the login again; keep the application running until the browser shows the result page." }));
      return close();
    },
  };
}
