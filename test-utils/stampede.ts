// Shared by the providers' "1,000 concurrent requests on a cold start" tests. Structural types
// (this folder is outside every package, so it imports none): the caller passes core's createClient.
interface Authorizer {
  authorize(request: { method: string; url: string }): Promise<Record<string, string>>;
  unauthorized?(...args: never[]): Promise<boolean>;
}
type CreateClient = (
  authorizer: Authorizer,
  options: { timeout: number; retry: number; fetch: typeof fetch },
) => { get(url: string): { json<T>(): Promise<T> } };

/** A fetch that keeps at most `n` requests open (1,000 sockets to one loopback server get ECONNRESET on a loaded machine). */
export function limitedFetch(n: number): typeof fetch {
  let active = 0;
  const waiting: (() => void)[] = [];
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      active--;
      waiting.shift()?.();
    }
  }) as typeof fetch;
}

/**
 * `count` GETs of `url` at once through a ky client on `authorizer`, at most 50 sockets open.
 * Returns the JSON bodies and how many `authorize()` calls were in flight at the same time
 * (all of them: authorize runs before the transport), so a test can tell single flight from luck.
 * Generous per-request timeout and no ky retries: on a loaded CI machine 1,000 requests can take
 * seconds, and a request ky re-sent would land in the next test's counts.
 */
export async function concurrentRequests<T>(
  createClient: CreateClient,
  authorizer: Authorizer,
  url: string,
  count: number,
): Promise<{ results: T[]; maxAuthorizing: number }> {
  let authorizing = 0;
  let maxAuthorizing = 0;
  const counting: Authorizer = {
    ...authorizer,
    async authorize(r: { method: string; url: string }) {
      maxAuthorizing = Math.max(maxAuthorizing, ++authorizing);
      try {
        return await authorizer.authorize(r);
      } finally {
        authorizing--;
      }
    },
  };
  if (authorizer.unauthorized) counting.unauthorized = authorizer.unauthorized.bind(authorizer);
  const api = createClient(counting, { timeout: 100_000, retry: 0, fetch: limitedFetch(50) });
  const results = await Promise.all(Array.from({ length: count }, () => api.get(url).json<T>()));
  return { results, maxAuthorizing };
}
