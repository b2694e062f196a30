/**
 * The hint of a `network` error. In a browser (a page or a web worker) a cross-origin request
 * that the provider does not allow by CORS fails exactly like an unreachable host: a bare
 * `TypeError` ("Failed to fetch", "Load failed", "NetworkError when attempting to fetch
 * resource.") with no status, because the browser hides the response. So there the hint names
 * CORS first; elsewhere (Node, Bun, Deno, workerd) CORS does not apply.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function networkErrorHint(scope: object = globalThis): string {
  return inBrowser(scope)
    ? "In a browser this is most often CORS: the provider's own CORS policy must allow this page's origin (Access-Control-Allow-Origin, and Authorization in Access-Control-Allow-Headers); the browser's console says which. Many token endpoints allow no browser origin at all: then get tokens from your server. Otherwise check the base URL and that the provider is reachable."
    : "Check the base URL and that the provider is reachable from this machine.";
}

/**
 * A browser page (`document`), or a web worker: `WorkerGlobalScope` with a browser's user agent
 * (workerd says "Cloudflare-Workers", Deno "Deno/…", Bun "Bun/…", Node "Node.js/…").
 */
function inBrowser(scope: object): boolean {
  const s = scope as { document?: unknown; WorkerGlobalScope?: unknown; navigator?: { userAgent?: unknown } };
  if (typeof s.document === "object" && s.document !== null) return true;
  const ua = s.navigator?.userAgent;
  return typeof s.WorkerGlobalScope === "function" && typeof ua === "string" && ua.startsWith("Mozilla/");
}
