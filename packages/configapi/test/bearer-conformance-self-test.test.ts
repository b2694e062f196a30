import { AuthError, createClient, InvalidTokenResponseError, MemoryTokenStore, OAuthError, TokenEndpointError } from "@auth/core";
import { type ConfigApiEmulator, startConfigApiEmulator } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BearerAuthLike, type BearerProviderCase, type BearerSettings, bearerChecks, checkContext } from "../../../test-utils/bearer-conformance.js";
import { type ConfigApiAuthOptions, createConfigApiAuth } from "../src/index.js";

// The conformance suite must be able to fail: each check runs here against a provider broken
// in the one way the check is about, and must reject. A new check needs a broken provider.

type Auth = ReturnType<typeof createConfigApiAuth>;
const real = (emu: ConfigApiEmulator, settings: Partial<BearerSettings>, secret = emu.credentials.clientSecret): Auth =>
  createConfigApiAuth({ baseUrl: emu.url, clientId: emu.credentials.clientId, clientSecret: secret, ...(settings as Partial<ConfigApiAuthOptions>) });

/** An auth whose client() and fetch never retry after a 401 (no `unauthorized`). */
function noRetryOn401(auth: Auth): BearerAuthLike {
  const authorize = (r: { method: string; url: string }) => auth.authorize(r);
  return {
    getToken: (o) => auth.getToken(o),
    invalidate: (t) => auth.invalidate(t),
    authorize,
    client: () => createClient({ authorize }),
    fetch: async (url, init) => fetch(url, { ...init, headers: await authorize({ method: init?.method ?? "GET", url }) }),
  };
}

/** Each way of being broken: how create() builds the broken auth. */
const broken: Record<string, (emu: ConfigApiEmulator, settings: BearerSettings) => BearerAuthLike> = {
  // A new auth for every call: no cache, no single flight.
  noCache: (emu, s) => ({
    getToken: (o) => real(emu, s).getToken(o),
    invalidate: async () => {},
    authorize: (r) => real(emu, s).authorize(r),
    client: () => createClient({ authorize: (r) => real(emu, s).authorize(r) }),
    fetch: (url, init) => real(emu, s).fetch(url, init),
  }),
  // Refreshes only once the token has expired.
  lateRefresh: (emu, s) => real(emu, { ...s, refreshWindow: 0 } as BearerSettings),
  ignoresStore: (emu, { store: _store, ...s }) => real(emu, s),
  ignoresRetry: (emu, s) => real(emu, { ...s, retry: 0 }),
  ignoresTimeout: (emu, { timeout: _timeout, ...s }) => real(emu, s),
  // invalidate(value) drops whatever token is current, so a late 401 drops a newer token.
  invalidateAnything: (emu, s) => {
    const auth = real(emu, s);
    return { ...noRetryOn401(auth), client: () => auth.client(), fetch: auth.fetch, invalidate: async () => auth.invalidate((await auth.getToken()).accessToken) };
  },
  noRetryOn401: (emu, s) => noRetryOn401(real(emu, s)),
  // Errors rethrown as plain Errors: no type, no hint.
  plainErrors: (emu, s) => {
    const auth = real(emu, s);
    return { ...noRetryOn401(auth), client: () => auth.client(), fetch: auth.fetch, getToken: (o) => auth.getToken(o).catch((e: Error) => Promise.reject(new Error(e.message))) };
  },
  // Errors that quote the secret.
  leaky: (emu, s) => {
    const auth = real(emu, s);
    const leak = (e: Error) => Promise.reject(Object.assign(e, { message: `${e.message} (secret ${emu.credentials.clientSecret})` }));
    return { ...noRetryOn401(auth), client: () => auth.client(), fetch: auth.fetch, getToken: (o) => auth.getToken(o).catch(leak) };
  },
};

/** Which broken provider each check must catch. */
const catches: Record<string, keyof typeof broken> = {
  "caching: many calls through client() make one token request": "noCache",
  "caching: near expiry it refreshes before sending (no 401 first)": "lateRefresh",
  "caching: a second instance on the same store reuses the stored token": "ignoresStore",
  "single flight: 50 concurrent getToken() on a cold cache, one token request, one token": "noCache",
  "single flight: a stampede of concurrent cold requests through client() makes one token request": "noCache",
  "invalidate by value: the rejected token is dropped, a stale value drops nothing newer": "invalidateAnything",
  "401: a token the server expired early gets one refresh and one retry (client and fetch)": "noRetryOn401",
  "401: a resource that keeps refusing gets one retry, not a loop": "noRetryOn401",
  "errors: invalid client is an OAuthError with a hint, not retried, no resource request": "plainErrors",
  "errors: every bad token response is a typed error with a hint, retried only when it may help, nothing cached": "plainErrors",
  "errors: a 503 once is retried and succeeds": "ignoresRetry",
  "errors: a slow provider ends at the timeout with a TokenEndpointError (timeout) and a hint": "ignoresTimeout",
  "errors: a provider that is down is a TokenEndpointError (network) whose hint says to check the base URL": "plainErrors",
  "canaries: the client secret and the token are in no error, log, inspect or JSON output": "leaky",
};

const brokenCase = (variant: keyof typeof broken): BearerProviderCase<ConfigApiEmulator, BearerAuthLike> => ({
  name: `ConfigAPI broken: ${variant}`,
  start: (secret) => startConfigApiEmulator(secret === undefined ? {} : { clientSecret: secret }),
  create: broken[variant]!,
  createWithWrongSecret: (emu, s) => broken[variant]!({ ...emu, credentials: { ...emu.credentials, clientSecret: "wrong" } }, s),
  invalidClientHint: /"clientId" and "clientSecret"/,
  core: { createClient, MemoryTokenStore, AuthError, OAuthError, TokenEndpointError, InvalidTokenResponseError },
  stampede: 20,
});

const all = Object.values(bearerChecks).flat();

test("every check of the suite has a broken provider it must catch", () => {
  expect(Object.keys(catches).sort()).toEqual(all.map((c) => c.name).sort());
});

describe("each check fails against a provider broken its way", () => {
  let emu: ConfigApiEmulator;
  beforeAll(async () => {
    emu = await startConfigApiEmulator();
  });
  afterAll(() => emu.close());
  afterEach(() => {
    emu.setFault(null);
    emu.requests.clear();
  });
  for (const check of all) {
    const variant = catches[check.name] ?? "noCache";
    test(`${variant} fails: ${check.name}`, async () => {
      const failure = await check.run(checkContext(brokenCase(variant), emu)).then(
        () => undefined,
        (e: unknown) => e,
      );
      // An assertion of the check failed, or the provider's own error surfaced through it (a
      // 401 the client did not retry); not a crash of the broken provider's wrapper.
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).name).toMatch(/^(AssertionError|HTTPError|TokenEndpointError)$/);
      if (process.env.SHOW_FAILURES) console.log(`${variant}: ${(failure as Error).message.split("\n")[0]}`);
    });
  }
});
