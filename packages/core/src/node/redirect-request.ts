import type { IncomingMessage } from "node:http";

/** Largest fragment POST body the loopback listener reads (a redirect's parameters are far smaller). */
export const MAX_FRAGMENT_BODY_BYTES = 64 * 1024;

/**
 * A speculative load, not the user's browser following the redirect: Chrome's
 * `Sec-Purpose: prefetch` (and prerender), the older `Purpose: prefetch`, Firefox's `X-Moz: prefetch`.
 * Such a request must not be taken as the authorization response.
 */
export function isPrefetch(req: IncomingMessage): boolean {
  const purpose = `${req.headers["sec-purpose"] ?? ""} ${req.headers.purpose ?? ""} ${req.headers["x-moz"] ?? ""}`.toLowerCase();
  return purpose.includes("prefetch") || purpose.includes("prerender");
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Whether a POST comes from another origin than the listener's own page (a web page posting
 * a forged fragment at the loopback port: a `text/plain` POST needs no CORS preflight).
 * Browsers send `Origin` on every POST and `Sec-Fetch-Site` on every request; the page of the
 * listener itself is same-origin. A request without either comes from no browser (a local
 * program, which could do anything anyway) and is let through to the state check.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6454#section-7 (Origin)
 * @see https://www.w3.org/TR/fetch-metadata/ (Sec-Fetch-Site)
 */
export function isCrossOrigin(req: IncomingMessage, port: number): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return true; // "null" (a sandboxed or file: page) or garbage
  }
  return url.protocol !== "http:" || !LOOPBACK_HOSTS.has(url.hostname) || Number(url.port || 80) !== port;
}

/**
 * The request body as UTF-8, read up to `maxBytes`: resolves `undefined` as soon as the
 * declared or received size passes the bound (the rest is not read). Linear in the bytes read.
 */
export function readBoundedBody(req: IncomingMessage, maxBytes: number = MAX_FRAGMENT_BODY_BYTES): Promise<string | undefined> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(new TextDecoder().decode(Buffer.concat(chunks, size))));
    req.on("error", reject);
  });
}
