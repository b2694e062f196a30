import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * CORS for the emulators, so code running in a browser page (a dev server on
 * `http://localhost:5173`, a test in headless Chromium) can call them.
 * `true`: any origin (`Access-Control-Allow-Origin: *`); a string: that one origin
 * (e.g. `"http://localhost:5173"`), with `Vary: Origin`; `false` (the default in code): no CORS headers,
 * as a server-to-server API would answer.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export type CorsOption = boolean | string;

/** Methods the emulators' endpoints use. */
const ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
/** Always allowed: `authorization` is never covered by a `*` wildcard, and form/JSON bodies need `content-type`. */
const BASE_HEADERS = ["authorization", "content-type"];
/** Response headers the clients read (the insufficient_scope check, Retry-After, Bynder's clock): not safelisted, so exposed. */
const EXPOSE_HEADERS = "www-authenticate, retry-after, date, location";
/** How long a browser may cache a preflight, seconds. */
export const CORS_MAX_AGE_SECONDS = 600;
/** Cap on the `Access-Control-Request-Headers` the emulator echoes back. */
const MAX_REQUEST_HEADERS_LENGTH = 1024;

/** The value of `Access-Control-Allow-Origin` for a setting; undefined when CORS is off. */
export function allowOrigin(cors: CorsOption | undefined): string | undefined {
  if (cors === undefined || cors === false) return undefined;
  return cors === true ? "*" : cors;
}

/**
 * Check a `--cors` origin at start-up: `*`, or a serialized origin (`scheme://host[:port]`, no path),
 * so a typo fails loudly instead of every browser request failing quietly.
 */
export function parseCorsOrigin(value: string): string {
  if (value === "*") return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`CORS origin is not a URL: ${JSON.stringify(value)} (expected e.g. http://localhost:5173 or *)`);
  }
  if (url.origin === "null" || url.origin !== value) {
    throw new TypeError(`CORS origin must be scheme://host[:port] with nothing after it, e.g. ${url.origin === "null" ? "http://localhost:5173" : url.origin}`);
  }
  return value;
}

// RFC 9110 §5.6.2 tchar, checked one character at a time (no regex on outside input).
function isTokenChar(code: number): boolean {
  if (code >= 0x30 && code <= 0x39) return true; // 0-9
  if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) return true; // A-Z a-z
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(code));
}

/** The header names of an `Access-Control-Request-Headers` value, lower case; undefined when it is not a list of tokens. */
export function requestedHeaderNames(value: string | undefined): string[] | undefined {
  if (value === undefined || value.length > MAX_REQUEST_HEADERS_LENGTH) return undefined;
  const names: string[] = [];
  for (const part of value.split(",")) {
    const name = part.trim().toLowerCase();
    if (name === "") continue;
    for (let i = 0; i < name.length; i++) if (!isTokenChar(name.charCodeAt(i))) return undefined;
    names.push(name);
  }
  return names;
}

/** A CORS preflight: `OPTIONS` with `Access-Control-Request-Method`. */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === "OPTIONS" && typeof req.headers["access-control-request-method"] === "string";
}

/** Headers every response carries when CORS is on (set before the route writes its own). */
export function setCorsHeaders(res: ServerResponse, cors: CorsOption | undefined): void {
  const origin = allowOrigin(cors);
  if (origin === undefined) return;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("access-control-expose-headers", EXPOSE_HEADERS);
  if (origin !== "*") res.setHeader("vary", "Origin");
}

/**
 * Answer a preflight: 204 with the allowed origin, methods and headers (`authorization`,
 * `content-type`, plus the names the browser asked for when they are well-formed) and a max age.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, cors: CorsOption | undefined): void {
  setCorsHeaders(res, cors);
  const requested = requestedHeaderNames(req.headers["access-control-request-headers"] as string | undefined) ?? [];
  const headers = [...new Set([...BASE_HEADERS, ...requested])];
  res.writeHead(204, {
    "access-control-allow-methods": ALLOW_METHODS,
    "access-control-allow-headers": headers.join(", "),
    "access-control-max-age": String(CORS_MAX_AGE_SECONDS),
    "content-length": "0",
  });
  res.end();
}
