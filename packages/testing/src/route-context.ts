import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * What a route handler (and a fault) gets: the parsed request and helpers to answer. A file of
 * its own so that the server (http-server.ts) and the faults it applies (faults.ts,
 * hostile-faults.ts) both depend on it, not on each other.
 */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: string;
  /** The form body (when `application/x-www-form-urlencoded`), else empty. */
  form: URLSearchParams;
  /** The base URL of this server, e.g. `http://127.0.0.1:43123`. */
  base: string;
  json(status: number, value: unknown, headers?: Record<string, string>): void;
  send(status: number, body: string, headers?: Record<string, string>): void;
}

/** A route handler: answers through `ctx.send` / `ctx.json`; a request it leaves unanswered gets a 404. */
export type Handler = (ctx: RouteContext) => void | Promise<void>;
