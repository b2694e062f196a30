import ky, { type KyInstance, type Options } from "ky";
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
 * ```ts
 * const api = createClient(auth, { prefix: "https://api.example.com/v1/" });
 * const things = await api.get("things").json();
 * ```
 */
export function createClient(authorizer: Authorizer, kyOptions: Options = {}): KyInstance {
  const base = kyOptions.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  // Every error it throws is redacted of the credentials the authorizer added (client-redaction.ts);
  // the hook runs after the caller's own beforeError hooks, so it also covers what they add.
  const log = createCredentialLog();
  const hooks = kyOptions.hooks ?? {};
  return ky.create({
    ...kyOptions,
    fetch: authFetch(authorizer, base, { onAuthorized: log.add }),
    hooks: { ...hooks, beforeError: [...(hooks.beforeError ?? []), redactingBeforeError(log)] },
  });
}
