import type { AuthRequest, Authorizer } from "./authorizer.js";

/** The `fetch` signature. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const FORM = "application/x-www-form-urlencoded";

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
 * A `fetch`-compatible function that authorizes every request with `authorizer` and, on a
 * 401, lets the authorizer drop what was used and retries once with fresh credentials
 * (never more: a second 401 is returned as is). Responses are otherwise untouched.
 *
 * ```ts
 * const fetch = authFetch(auth);
 * const res = await fetch("https://api.example.com/things");
 * ```
 */
export function authFetch(authorizer: Authorizer, fetchImpl: FetchLike = (i, o) => globalThis.fetch(i, o)): FetchLike {
  return async function authorizedFetch(input, init) {
    const isRequest = typeof Request !== "undefined" && input instanceof Request;
    const url = typeof input === "string" ? input : isRequest ? (input as Request).url : (input as URL).href;
    const method = (init?.method ?? (isRequest ? (input as Request).method : "GET")).toUpperCase();
    const request: AuthRequest = { method, url };
    let retryInput: Request | undefined;
    if (isRequest) {
      const r = input as Request;
      // Keep a copy of the body for the one retry after a 401 (a body can be read once).
      if (r.body !== null && authorizer.unauthorized && init?.body === undefined) retryInput = r.clone();
    }
    if (authorizer.signsBody) {
      const ct = contentTypeOf(init?.headers ?? (isRequest ? (input as Request).headers : undefined), init?.body);
      if (ct) request.contentType = ct;
      if (ct?.toLowerCase().startsWith(FORM)) {
        if (init?.body instanceof URLSearchParams || typeof init?.body === "string") request.body = init.body;
        else if (isRequest && init?.body === undefined) request.body = await (input as Request).clone().text();
      }
    }

    const send = async (source: string | URL | Request): Promise<[Response, Record<string, string>]> => {
      const extra = await authorizer.authorize(request);
      if (source instanceof Request) {
        const headers = new Headers(init?.headers ?? source.headers);
        for (const name in extra) headers.set(name, extra[name]!);
        return [await fetchImpl(new Request(source, { ...init, headers })), extra];
      }
      const headers = new Headers(init?.headers);
      for (const name in extra) headers.set(name, extra[name]!);
      return [await fetchImpl(source, { ...init, headers }), extra];
    };

    const [response, used] = await send(input);
    if (response.status !== 401 || !authorizer.unauthorized) return response;
    const bodyIsStream = init?.body instanceof ReadableStream;
    if (bodyIsStream || (isRequest && (input as Request).body !== null && !retryInput && init?.body === undefined)) return response;
    if (!(await authorizer.unauthorized(request, response, used))) return response;
    await response.body?.cancel().catch(() => {});
    const [second] = await send(retryInput ?? input);
    return second;
  };
}
