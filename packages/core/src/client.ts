import ky, { type Input, type KyInstance, type Options } from "ky";
import { authFetch } from "./auth-fetch.js";
import type { Authorizer } from "./authorizer.js";
import { createCredentialLog, redactingBeforeError } from "./client-redaction.js";

/**
 * A ky instance whose every attempt is authorized by `authorizer`, with one retry after a
 * 401 once the authorizer has dropped the credentials that failed.
 *
 * Why through ky's `fetch` option rather than a `beforeRequest` hook: ky runs
 * `beforeRequest` once per call, not per retry, so a request retried by ky (a 503, a
 * timeout) after a token refresh would carry the old token, and a 401 retry from an
 * `afterResponse` hook counts against (and is disabled by) the user's `retry.limit`.
 * Wrapping `fetch` authorizes every attempt and keeps the 401 retry separate.
 *
 * Errors it throws never carry the credentials the authorizer added: ky's `HTTPError` has its
 * `message`, `stack` and `data` (where a server's echo of the `Authorization` header lands)
 * redacted of the header values and the tokens inside them, and its `request`, `options` and
 * `response` are non-enumerable (readable by code, not walked by `util.inspect` or JSON).
 *
 * URLs resolve like a browser's: with `defaults.baseUrl` (a provider's API URL) and neither
 * ky's `prefix` nor `baseUrl` given, an absolute URL is used as is and a relative one is
 * resolved against the base URL, taken as a directory (`things` under `https://h/v1` is
 * `https://h/v1/things`; `/things` is `https://h/things`). With ky's `prefix` (string
 * prefixing), a relative URL is prefixed as ky documents, but an absolute one is still used
 * as is (not `https://h/https://h/...`).
 *
 * ```ts
 * const api = createClient(auth, { baseUrl: "https://api.example.com/v1/" });
 * const things = await api.get("things").json();
 * ```
 */
export function createClient(authorizer: Authorizer, kyOptions: Options = {}, defaults: { baseUrl?: string } = {}): KyInstance {
  const base = kyOptions.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  // Every error it throws is redacted of the credentials the authorizer added (client-redaction.ts);
  // the hook runs after the caller's own beforeError hooks, so it also covers what they add.
  const log = createCredentialLog();
  const hooks = kyOptions.hooks ?? {};
  const resolve = defaults.baseUrl !== undefined && kyOptions.prefix === undefined && kyOptions.baseUrl === undefined ? { baseUrl: asDirectory(defaults.baseUrl) } : {};
  return keepAbsoluteUrls(
    ky.create({
      ...resolve,
      ...kyOptions,
      fetch: authFetch(authorizer, base, { onAuthorized: log.add }),
      hooks: { ...hooks, beforeError: [...(hooks.beforeError ?? []), redactingBeforeError(log)] },
    }),
  );
}

const METHODS = ["get", "post", "put", "patch", "delete", "head"] as const;

// ky applies `prefix` and `baseUrl` to string inputs only: an absolute URL string handed over
// as a URL object is used as is, whatever the instance's prefix (a browser's rule).
const asIs = (input: Input): Input => (typeof input === "string" && URL.canParse(input) ? new URL(input) : input);

function keepAbsoluteUrls(instance: KyInstance): KyInstance {
  const wrapped = ((input: Input, options?: Options) => instance(asIs(input), options)) as KyInstance;
  for (const m of METHODS) wrapped[m] = (input: Input, options?: Options) => instance[m](asIs(input), options);
  return Object.assign(wrapped, {
    create: instance.create,
    extend: (defaults: Parameters<KyInstance["extend"]>[0]) => keepAbsoluteUrls(instance.extend(defaults)),
    stop: instance.stop,
    retry: instance.retry,
  });
}

// "https://h/v1" -> "https://h/v1/": a relative URL then goes under the path, not beside it.
const asDirectory = (url: string): string => (url.endsWith("/") ? url : `${url}/`);
