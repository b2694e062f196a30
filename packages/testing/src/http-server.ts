import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { answerPreflight, type CorsOption, isPreflight, setCorsHeaders } from "./cors.js";
import { applyFault, type Fault, type FaultState } from "./faults.js";
import { createRequestLog, type RequestLog } from "./request-log.js";
import type { Handler, RouteContext } from "./route-context.js";

export interface StartServerOptions {
  /** Fixed port; default 0 (a free one). Always bound to 127.0.0.1. */
  port?: number;
  /** Stop by itself after this long (ms), so a forgotten server never outlives a test run. Default 10 min; `Infinity`: never. */
  maxLifetimeMs?: number;
  /** CORS for browser callers (see {@link CorsOption}); preflights are answered before faults and not logged. Default off. */
  cors?: CorsOption;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly requests: RequestLog;
  /** Make the server misbehave (see {@link Fault}); `null` clears. */
  setFault(fault: Fault | null): void;
  /** Stop listening and end open connections (keep-alive ones too); safe to call twice. */
  close(): Promise<void>;
  /** The underlying `node:http` server. */
  readonly server: Server;
}

/**
 * A small HTTP server on 127.0.0.1 with a request log and switchable faults, the machinery
 * under every provider emulator. `handler` answers what the fault layer lets through.
 */
export async function startServer(handler: Handler, options: StartServerOptions = {}): Promise<TestServer> {
  const lifetimeMs = options.maxLifetimeMs ?? 600_000;
  // setTimeout fires at once beyond 2^31-1 ms: refuse rather than stop a server straight away.
  if (!(lifetimeMs > 0) || (Number.isFinite(lifetimeMs) && lifetimeMs > 2_147_483_647)) {
    throw new RangeError(`maxLifetimeMs must be > 0 and at most 2147483647 (about 24.8 days), or Infinity; got ${lifetimeMs}`);
  }
  const { log, record } = createRequestLog();
  const faultState: FaultState = { fault: null, remaining: Number.POSITIVE_INFINITY };
  const sockets = new Set<Socket>();
  let base = "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      if (options.cors && isPreflight(req)) return answerPreflight(req, res, options.cors);
      setCorsHeaders(res, options.cors);
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", base);
      record({ method: req.method ?? "GET", url: req.url ?? "/", path: url.pathname, headers: { ...req.headers }, body, at: Date.now() });
      const send = (status: number, text: string, headers: Record<string, string> = {}) => {
        if (res.headersSent) return;
        res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
        res.end(text);
      };
      const ctx: RouteContext = {
        req,
        res,
        url,
        body,
        form: (req.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(body) : new URLSearchParams(),
        base,
        send,
        json: (status, value, headers = {}) => send(status, JSON.stringify(value), { "content-type": "application/json; charset=utf-8", ...headers }),
      };
      try {
        if (await applyFault(faultState, ctx)) return;
        await handler(ctx);
        if (!res.headersSent) send(404, "not found");
      } catch (error) {
        send(500, `emulator error: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    return closed;
  };
  const lifetime = Number.isFinite(lifetimeMs) ? setTimeout(() => void close(), lifetimeMs) : undefined;
  lifetime?.unref();
  return {
    url: base,
    port,
    server,
    requests: log,
    setFault(fault) {
      faultState.fault = fault;
      faultState.remaining = fault?.times ?? Number.POSITIVE_INFINITY;
    },
    close,
  };
}
