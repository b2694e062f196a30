import type { Authorizer, AuthRequest } from "./authorizer.js";
import { withoutCredentials } from "./client-redaction.js";

/** The `fetch` signature. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const FORM = "application/x-www-form-urlencoded";
// A stream body can be read once: it is neither signed nor replayed after a 401.
const isStream = (body: unknown): boolean => typeof ReadableStream !== "undefined" && body instanceof ReadableStream;

function contentTypeOf(headers: HeadersInit | undefined, body: unknown): string | undefined {
  if (headers) {
    const h = headers instanceof Headers ? headers : new Headers(headers);
    const ct = h.get("content-type");
    if (ct) return ct;
  }
  // fetch sets this content type itself for URLSearchParams bodies.
  if (body instanceof URLSearchParams) return `${FORM};charset=UTF-8`;
  return undefined;
}

/**
 * The caller's headers plus the authorizer's, the latter winning case-insensitively. Keeps a
 * plain object a plain object (cheaper for fetch to read than a Headers instance) and never
 * mutates the caller's headers.
 */
function mergeHeaders(base: HeadersInit | undefined, extra: Record<string, string>): HeadersInit {
  if (base === undefined) return extra;
  if (base instanceof Headers) {
    const h = new Headers(base);
    for (const name in extra) h.set(name, extra[name]!);
    return h;
  }
  const names: string[] = [];
  for (const name in extra) names.push(name.toLowerCase());
  if (Array.isArray(base)) {
    const out = base.filter(([name]) => !names.includes(String(name).toLowerCase()));
    for (const name in extra) out.push([name, extra[name]!]);
    return out;
  }
  const out: Record<string, string> = {};
  const record = base as Record<string, string>;
  for (const name in record) if (!names.includes(name.toLowerCase())) out[name] = record[name]!;
  for (const name in extra) out[name] = extra[name]!;
  return out;
}

/**
 * A `fetch`-compatible function that authorizes every request with `authorizer` and, on a
 * 401, lets the authorizer drop what was used and retries once with fresh credentials
 * (never more: a second 401 is returned as is). Responses are otherwise untouched.
 *
 * ```ts
 * const fetch = authFetch(auth);
 * const res = await fetch("https://api.example.com/things");
 * ```
 */
export function authFetch(authorizer: Authorizer, fetchImpl: FetchLike = (i, o) => globalThis.fetch(i, o), internal?: AuthFetchInternals): FetchLike {
  // The fast path (string URL, cached token, no 401) is one await for the headers and one for
  // fetch: no extra closures, Request copies or Headers instances per call.
  return async function authorizedFetch(input, init) {
    const isRequest = typeof input !== "string" && typeof Request !== "undefined" && input instanceof Request;
    const url = typeof input === "string" ? input : isRequest ? (input as Request).url : (input as URL).href;
    const method = init?.method ? init.method.toUpperCase() : isRequest ? (input as Request).method : "GET";
    const request: AuthRequest = { method, url };
    let retryInput: Request | undefined;
    // Keep a copy of a Request's body for the one retry after a 401 (a body can be read once).
    if (isRequest && authorizer.unauthorized && (input as Request).body !== null && init?.body === undefined) retryInput = (input as Request).clone();
    if (authorizer.signsBody) {
      const ct = contentTypeOf(init?.headers ?? (isRequest ? (input as Request).headers : undefined), init?.body);
      if (ct) request.contentType = ct;
      if (ct?.toLowerCase().startsWith(FORM)) {
        if (init?.body instanceof URLSearchParams || typeof init?.body === "string") request.body = init.body;
        else if (isRequest && init?.body === undefined) request.body = await (input as Request).clone().text();
        // Blob, ArrayBuffer, typed arrays: re-readable, so read a copy to sign (RFC 5849 §3.4.1.3.1).
        else if (init?.body != null && !isStream(init.body)) request.body = await new Response(init.body).text();
      }
    }

    const used = await authorizer.authorize(request);
    internal?.onAuthorized(used);
    const response = await send(fetchImpl, input, withHeaders(input, isRequest, init, used), used);
    if (response.status !== 401 || !authorizer.unauthorized) return response;
    // A stream body was consumed by the first attempt and cannot be sent again (a Request's body was cloned above).
    if (isStream(init?.body)) return response;
    if (!(await authorizer.unauthorized(request, response, used))) return response;
    await response.body?.cancel().catch(() => {});
    const source = retryInput ?? input;
    const fresh = await authorizer.authorize(request);
    internal?.onAuthorized(fresh);
    return send(fetchImpl, source, withHeaders(source, isRequest, init, fresh), fresh);
  };
}

/** @internal What `createClient` needs to know: the headers each attempt was sent with. */
export interface AuthFetchInternals {
  onAuthorized(used: Record<string, string>): void;
}

// fetch's TypeError for a header value it cannot send quotes the value: redact it on the way out.
async function send(fetchImpl: FetchLike, input: string | URL | Request, init: RequestInit, used: Record<string, string>): Promise<Response> {
  try {
    return await fetchImpl(input, init);
  } catch (error) {
    throw withoutCredentials(error, used);
  }
}

/**
 * The init for one attempt. For a Request, `fetch(request, { headers })` replaces the
 * request's headers (Fetch standard, `new Request(input, init)`), so pass its headers merged
 * with ours instead of building another Request.
 */
function withHeaders(input: string | URL | Request, isRequest: boolean, init: RequestInit | undefined, extra: Record<string, string>): RequestInit {
  const base = init?.headers ?? (isRequest ? (input as Request).headers : undefined);
  const headers = mergeHeaders(base, extra);
  return init ? { ...init, headers } : { headers };
}
