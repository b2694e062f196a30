import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthError, FlowError } from "../errors.js";
import { parseRedirect, type RedirectResult } from "../redirect.js";

export interface ListenForRedirectOptions {
  /** 0 (default) picks a free port. Port 80 needs privileges on most systems. */
  port?: number;
  /** Only loopback is allowed (RFC 8252 §7.3, §8.3). */
  host?: "127.0.0.1" | "::1" | "localhost";
  /** The redirect path to wait on. Default `/callback`; `/` accepts any path. */
  path?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * When the result arrives in the URL fragment (OAuth 2 implicit grant), the browser never
   * sends it to the server: serve a page that posts `location.hash` back (same origin).
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

/**
 * A one-shot loopback listener for installed apps (RFC 8252 §7.3): binds 127.0.0.1 only,
 * answers the browser with a short page, resolves with the parsed redirect, rejects on
 * timeout or abort, and always closes the server.
 *
 * ```ts
 * const listener = await listenForRedirect({ timeoutMs: 120_000 });
 * open(authorizationUrl(listener.redirectUri));
 * const { code, state } = await listener.result;
 * ```
 */
export async function listenForRedirect(options: ListenForRedirectOptions): Promise<RedirectListener> {
  const host = options.host ?? "127.0.0.1";
  if (!["127.0.0.1", "::1", "localhost"].includes(host)) {
    throw new AuthError("configuration", `listenForRedirect binds loopback only, not "${host}".`, { hint: "Use 127.0.0.1." });
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
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => handle(req, res));
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(timer);
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

  const respond = (res: ServerResponse, status: number, html: string) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", connection: "close" });
    res.end(html);
  };

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", `http://${host}`);
    if (done || (path !== "/" && url.pathname !== path)) return respond(res, 404, page("Not found", "This is a one-time login listener."));
    if (req.method === "POST" && url.searchParams.get("__fragment") === "1") {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => {
        body += c;
        if (body.length > 64 * 1024) req.destroy();
      });
      req.on("end", () => complete(res, `#${body}`));
      return;
    }
    if (req.method !== "GET") return respond(res, 405, page("Method not allowed", ""));
    if (options.fragment && !url.search) {
      return respond(res, 200, page("Completing login…", "One moment.", FRAGMENT_SCRIPT));
    }
    complete(res, url.href);
  }

  function complete(res: ServerResponse, input: string) {
    // A visit without any parameter (the user opening the redirect URI, a prefetch, an empty
    // fragment) is not the authorization response: say so and keep waiting.
    if (!/[?#&][^=&#]+=|^#[^=&#]+=/.test(input)) {
      return respond(res, 400, page("Waiting for login", "This address receives the authorization response; finish the login in the browser window that opened it."));
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

  const timer = setTimeout(() => {
    finish(
      new FlowError(`No redirect arrived within ${Math.round(options.timeoutMs / 1000)} s.`, {
        hint: "Open the authorization URL in a browser and complete the login before the time runs out, or raise the timeout.",
      }),
    );
  }, options.timeoutMs);
  timer.unref?.();
  const onAbort = () => finish(options.signal?.reason ?? cancelled());
  options.signal?.addEventListener("abort", onAbort, { once: true });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      done = true;
      clearTimeout(timer);
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
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === "::1" ? "[::1]" : host;
  return { redirectUri: `http://${shownHost}:${port}${path === "/" ? "" : path}`, port, result, close: () => {
      if (done) return Promise.resolve();
      finish(new FlowError("The listener was closed before a redirect arrived.", { hint: "Start the login again; keep the application running until the browser shows the result page." }));
      return close();
    },
  };
}
