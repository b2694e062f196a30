/**
 * The bearer-provider conformance suite: what every provider built on core's token cache must
 * do, whatever its token request looks like — caching, single flight, invalidate by value,
 * 401 → one refresh and one retry, typed errors with hints, and no secret or token in anything
 * printed. A provider's tests run it with `describeBearerProvider({ name, start, create, … })`
 * against its @auth/testing emulator; the provider-specific tests (the documented request,
 * option parsing) stay beside it.
 *
 * Every check is in `bearerChecks` so that bearer-conformance-self-test (in configapi's tests)
 * can run each against a deliberately broken provider and see it fail: a check that cannot fail
 * proves nothing.
 */
// Structural types (this folder is outside every package, so it imports none of ours): the
// caller passes core's classes and createClient.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { printedForms } from "./printed-forms.js";
import { recordingStore } from "./recording-store.js";
import { concurrentRequests } from "./stampede.js";

/** An @auth/testing emulator with a token endpoint and a protected resource (`GET resourceUrl` → `{ ok: true }`). */
export interface BearerEmulator {
  readonly url: string;
  readonly tokenUrl: string;
  readonly resourceUrl: string;
  readonly requests: { readonly all: readonly { path: string }[]; count(path?: string): number; clear(): void };
  /** Any Fault, plus `expireTokens` and `badTokenResponse` (the token faults). */
  setFault(fault: never): void;
  close(): Promise<void>;
}

/** What the suite uses of a provider's auth object (core's ProviderAuth has all of it). */
export interface BearerAuthLike {
  getToken(options?: { forceRefresh?: boolean }): Promise<{ accessToken: string; expiresAt?: number }>;
  invalidate(token: string): Promise<void>;
  authorize(request: { method: string; url: string }): Promise<Record<string, string>>;
  unauthorized?(...args: never[]): Promise<boolean>;
  client(): { get(url: string): PromiseLike<unknown> & { json<T>(): Promise<T> } };
  readonly fetch: (input: string, init?: RequestInit) => Promise<Response>;
}

interface StoreLike<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, token: T): Promise<void>;
  delete(key: string, accessToken?: string): Promise<void>;
}

/** The options the suite passes to `create` (every provider takes core's common options). */
export interface BearerSettings {
  clock: () => number;
  retry?: number | { limit: number; delay: () => number };
  timeout?: number;
  store?: StoreLike<unknown>;
  logger?: { warn(message: string): void; debug(message: string): void; info?(message: string): void; error?(message: string): void };
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface BearerProviderCase<E extends BearerEmulator, A extends BearerAuthLike> {
  /** The provider's name, in test titles. */
  name: string;
  /** Start the provider's emulator; with `clientSecret`, one that accepts that secret instead of its default. */
  start(clientSecret?: string): Promise<E>;
  /** The provider's factory on the emulator's credentials, with `settings` passed through. */
  create(emulator: E, settings: BearerSettings): A;
  /** The same, with a wrong secret (for `invalid_client`). */
  createWithWrongSecret(emulator: E, settings: BearerSettings): A;
  /** What the `invalid_client` error's hint must say (which options or file to check). */
  invalidClientHint: RegExp;
  /** Values derived from the secret that must never be printed besides the suite's own encodings (e.g. the Basic value). */
  derivedSecrets?(emulator: E, clientSecret: string): string[];
  /** From @auth/core. */
  core: {
    createClient: Parameters<typeof concurrentRequests>[0];
    MemoryTokenStore: new () => StoreLike<unknown>;
    AuthError: ErrorClass;
    OAuthError: ErrorClass;
    TokenEndpointError: ErrorClass;
    InvalidTokenResponseError: ErrorClass;
  };
  /** How many concurrent cold requests the stampede check sends. Default 1,000. */
  stampede?: number;
}

/** What a check gets: the running emulator and counters, and a clock it may move. */
export interface CheckContext<E extends BearerEmulator, A extends BearerAuthLike> {
  readonly emulator: E;
  readonly provider: BearerProviderCase<E, A>;
  /** The clock every auth the check creates runs on (`settings.clock`). */
  now: number;
  create(settings?: Partial<BearerSettings>): A;
  setFault(fault: object | null): void;
  tokenRequests(): number;
  resourceRequests(): number;
}

export interface BearerCheck {
  name: string;
  timeout?: number;
  run<E extends BearerEmulator, A extends BearerAuthLike>(ctx: CheckContext<E, A>): Promise<void>;
}

const pathOf = (url: string) => new URL(url).pathname;

/** Make the context checks run in: counters on the emulator's paths, `create` on the moving clock. */
export function checkContext<E extends BearerEmulator, A extends BearerAuthLike>(provider: BearerProviderCase<E, A>, emulator: E): CheckContext<E, A> {
  const ctx: CheckContext<E, A> = {
    emulator,
    provider,
    now: Date.now(),
    create: (settings = {}) => provider.create(emulator, { clock: () => ctx.now, ...settings }),
    setFault: (fault) => (emulator.setFault as (f: unknown) => void)(fault),
    tokenRequests: () => emulator.requests.count(pathOf(emulator.tokenUrl)),
    resourceRequests: () => emulator.requests.count(pathOf(emulator.resourceUrl)),
  };
  return ctx;
}

const caught = (p: PromiseLike<unknown>): Promise<unknown> => Promise.resolve(p).then(
  () => undefined,
  (e: unknown) => e,
);

const caching: BearerCheck[] = [
  {
    name: "caching: many calls through client() make one token request",
    async run(ctx) {
      const api = ctx.create().client();
      for (let i = 0; i < 5; i++) expect(await api.get(ctx.emulator.resourceUrl).json()).toMatchObject({ ok: true });
      expect(ctx.tokenRequests()).toBe(1);
      expect(ctx.resourceRequests()).toBe(5);
    },
  },
  {
    name: "caching: near expiry it refreshes before sending (no 401 first)",
    async run(ctx) {
      const a = ctx.create();
      const api = a.client();
      await api.get(ctx.emulator.resourceUrl);
      const first = await a.getToken();
      expect(first.expiresAt).toBeGreaterThan(ctx.now);
      ctx.now = first.expiresAt! - 30_000; // inside any refresh window (at least 60 s)
      await api.get(ctx.emulator.resourceUrl);
      expect(ctx.tokenRequests()).toBe(2);
      expect(ctx.resourceRequests()).toBe(2);
      expect((await a.getToken()).accessToken).not.toBe(first.accessToken);
    },
  },
  {
    name: "caching: a second instance on the same store reuses the stored token",
    async run(ctx) {
      const store = new ctx.provider.core.MemoryTokenStore();
      const token = await ctx.create({ store }).getToken();
      expect((await ctx.create({ store }).getToken()).accessToken).toBe(token.accessToken);
      expect(ctx.tokenRequests()).toBe(1);
    },
  },
];

const singleFlight: BearerCheck[] = [
  {
    name: "single flight: 50 concurrent getToken() on a cold cache, one token request, one token",
    async run(ctx) {
      const a = ctx.create();
      const tokens = await Promise.all(Array.from({ length: 50 }, () => a.getToken()));
      expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
      expect(ctx.tokenRequests()).toBe(1);
    },
  },
  {
    name: "single flight: a stampede of concurrent cold requests through client() makes one token request",
    timeout: 120_000,
    async run(ctx) {
      const n = ctx.provider.stampede ?? 1000;
      const { results, maxAuthorizing } = await concurrentRequests<{ ok: boolean }>(ctx.provider.core.createClient, ctx.create(), ctx.emulator.resourceUrl, n);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(maxAuthorizing).toBe(n); // all were waiting at once: single flight, not luck
      expect(ctx.tokenRequests()).toBe(1);
      expect(ctx.resourceRequests()).toBe(n);
    },
  },
];

const invalidation: BearerCheck[] = [
  {
    name: "invalidate by value: the rejected token is dropped, a stale value drops nothing newer",
    async run(ctx) {
      const a = ctx.create();
      const first = (await a.getToken()).accessToken;
      await a.invalidate(first);
      const second = (await a.getToken()).accessToken;
      expect(second).not.toBe(first);
      await a.invalidate(first); // a late 401 of the old token
      expect((await a.getToken()).accessToken).toBe(second);
      expect(ctx.tokenRequests()).toBe(2);
    },
  },
  {
    name: "401: a token the server expired early gets one refresh and one retry (client and fetch)",
    async run(ctx) {
      const a = ctx.create();
      const api = a.client();
      await api.get(ctx.emulator.resourceUrl);
      ctx.setFault({ kind: "expireTokens" });
      expect(await api.get(ctx.emulator.resourceUrl).json()).toMatchObject({ ok: true });
      expect(ctx.tokenRequests()).toBe(2);
      expect(ctx.resourceRequests()).toBe(3);
      ctx.setFault({ kind: "expireTokens" });
      expect((await a.fetch(ctx.emulator.resourceUrl)).status).toBe(200);
      expect(ctx.tokenRequests()).toBe(3);
      expect(ctx.resourceRequests()).toBe(5);
    },
  },
  {
    name: "401: a resource that keeps refusing gets one retry, not a loop",
    async run(ctx) {
      const a = ctx.create();
      await a.getToken();
      ctx.setFault({ kind: "status", status: 401, body: "no", paths: [pathOf(ctx.emulator.resourceUrl)] });
      expect((await a.fetch(ctx.emulator.resourceUrl)).status).toBe(401);
      expect(ctx.resourceRequests()).toBe(2);
      expect(ctx.tokenRequests()).toBe(2);
    },
  },
];

const errorMapping: BearerCheck[] = [
  {
    name: "errors: invalid client is an OAuthError with a hint, not retried, no resource request",
    async run(ctx) {
      const { OAuthError } = ctx.provider.core;
      const a = ctx.provider.createWithWrongSecret(ctx.emulator, { clock: () => ctx.now });
      const error = await caught(a.getToken());
      expect(error).toBeInstanceOf(OAuthError);
      expect(error).toMatchObject({ error: "invalid_client", status: 401 });
      expect((error as { hint?: string }).hint).toMatch(ctx.provider.invalidClientHint);
      expect(ctx.tokenRequests()).toBe(1);
      expect(await caught(a.client().get(ctx.emulator.resourceUrl))).toBeInstanceOf(OAuthError);
      expect(await caught(a.fetch(ctx.emulator.resourceUrl))).toBeInstanceOf(OAuthError);
      expect(ctx.tokenRequests()).toBe(3);
      expect(ctx.resourceRequests()).toBe(0);
    },
  },
  {
    name: "errors: every bad token response is a typed error with a hint, retried only when it may help, nothing cached",
    async run(ctx) {
      const { AuthError, TokenEndpointError, InvalidTokenResponseError } = ctx.provider.core;
      const tokenPath = pathOf(ctx.emulator.tokenUrl);
      const cases: [string, object, ErrorClass, RegExp][] = [
        // The excerpt of the page, quoted: what a person needs to see which proxy answered.
        ["HTML 502", { kind: "html", paths: [tokenPath] }, TokenEndpointError, /answered 502 Bad Gateway \(text\/html\): ".*502 Bad Gateway/],
        ["malformed JSON", { kind: "malformedJson", paths: [tokenPath] }, InvalidTokenResponseError, /not JSON/],
        ["token_type mac", { kind: "badTokenResponse", tokenType: "mac" }, InvalidTokenResponseError, /token_type/],
        ["no access_token", { kind: "badTokenResponse", omitAccessToken: true }, InvalidTokenResponseError, /no access_token/],
        ['expires_in "soon"', { kind: "badTokenResponse", expiresIn: "soon" }, InvalidTokenResponseError, /expires_in/],
        // A captive portal or login page served with 200: HTML where JSON was expected.
        ["HTML 200", { kind: "status", status: 200, body: "<!doctype html><title>Sign in</title>", contentType: "text/html", paths: [tokenPath] }, InvalidTokenResponseError, /200 with text\/html that is not JSON/],
      ];
      for (const [name, fault, type, message] of cases) {
        ctx.emulator.requests.clear();
        const { store, sets } = recordingStore<unknown>(new ctx.provider.core.MemoryTokenStore());
        const a = ctx.create({ store, retry: { limit: 2, delay: () => 1 } });
        ctx.setFault(fault);
        const error = await caught(a.getToken());
        expect(error, name).toBeInstanceOf(type);
        expect(error, name).toBeInstanceOf(AuthError);
        expect((error as Error).message, name).toMatch(message);
        expect((error as { hint?: string }).hint?.length, name).toBeGreaterThan(20);
        expect(sets, name).toEqual([]);
        expect(ctx.tokenRequests(), name).toBe(type === TokenEndpointError ? 3 : 1);
        ctx.setFault(null);
        const token = await a.getToken();
        expect(sets, name).toEqual([token]);
      }
    },
  },
  {
    name: "errors: a 503 once is retried and succeeds",
    async run(ctx) {
      ctx.setFault({ kind: "status", status: 503, times: 1, paths: [pathOf(ctx.emulator.tokenUrl)] });
      await ctx.create({ retry: { limit: 2, delay: () => 1 } }).getToken();
      expect(ctx.tokenRequests()).toBe(2);
    },
  },
  {
    name: "errors: a slow provider ends at the timeout with a TokenEndpointError (timeout) and a hint",
    async run(ctx) {
      ctx.setFault({ kind: "delay", delayMs: 400, paths: [pathOf(ctx.emulator.tokenUrl)] });
      const error = (await caught(ctx.create({ timeout: 50, retry: 0 }).getToken())) as { code?: string; message: string; hint?: string };
      expect(error).toBeInstanceOf(ctx.provider.core.TokenEndpointError);
      expect(error.code).toBe("timeout");
      expect(error.message).toMatch(/did not answer within 50 ms/);
      expect(error.hint).toMatch(/timeout option/);
    },
  },
  {
    name: "errors: a provider that is down is a TokenEndpointError (network) whose hint says to check the base URL",
    async run(ctx) {
      const down = await ctx.provider.start();
      await down.close();
      const error = (await caught(ctx.provider.create(down, { clock: () => ctx.now, retry: { limit: 1, delay: () => 1 } }).getToken())) as { code?: string; hint?: string };
      expect(error).toBeInstanceOf(ctx.provider.core.TokenEndpointError);
      expect(error.code).toBe("network");
      expect(error.hint).toMatch(/base URL/);
    },
  },
];

/** A secret with characters that encode differently in a form, a URL and base64. */
export const CANARY_SECRET = "CANARY-SECRET-9f8e7d$+/&=%";

const canaries: BearerCheck[] = [
  {
    name: "canaries: the client secret and the token are in no error, log, inspect or JSON output",
    async run(ctx) {
      const e2 = await ctx.provider.start(CANARY_SECRET);
      const logs: string[] = [];
      const push = (m: string) => logs.push(m);
      const logger = { warn: push, debug: push, info: push, error: push };
      const down = () => Promise.reject(new Error("store down"));
      const failing: StoreLike<unknown> = { get: down, set: down, delete: down };
      const settings: BearerSettings = { clock: () => ctx.now, logger, store: failing, retry: 0 };
      const setFault = (fault: object | null) => (e2.setFault as (f: unknown) => void)(fault);
      const tokenPath = pathOf(e2.tokenUrl);
      const form = new URLSearchParams({ s: CANARY_SECRET }).toString().slice(2);
      // What the client sends, in the encodings it sends it: a server may echo any of them.
      const sent = [CANARY_SECRET, encodeURIComponent(CANARY_SECRET), form, ...(ctx.provider.derivedSecrets?.(e2, CANARY_SECRET) ?? [])];
      // Never printed: those, a secret cut before it was redacted, another encoding.
      const secrets = [...sent, CANARY_SECRET.slice(0, 16), Buffer.from(CANARY_SECRET).toString("base64")];
      try {
        const good = ctx.provider.create(e2, settings);
        const token = await good.getToken();
        const seen: unknown[] = [good, token];
        const errors: unknown[] = [];
        errors.push(await caught(ctx.provider.createWithWrongSecret(e2, { clock: () => ctx.now, logger, retry: 0 }).getToken()));
        // Servers that echo what they got: in an OAuth error, an HTML page, a 200's token_type.
        const echo = `${sent.join(" ")} client_secret=${form}`;
        for (const fault of [
          { kind: "status", status: 401, body: JSON.stringify({ error: "invalid_client", error_description: `bad ${echo}` }), contentType: "application/json", paths: [tokenPath] },
          { kind: "status", status: 400, body: JSON.stringify({ error: "invalid_request", error_description: `echo ${echo}` }), contentType: "application/json", paths: [tokenPath] },
          { kind: "status", status: 500, body: `<html><pre>${echo}</pre></html>`, contentType: "text/html", paths: [tokenPath] },
          { kind: "badTokenResponse", tokenType: CANARY_SECRET },
          { kind: "badTokenResponse", expiresIn: `soon ${CANARY_SECRET}` },
        ]) {
          setFault(fault);
          errors.push(await caught(good.getToken({ forceRefresh: true })));
          setFault(null);
        }
        // A resource error carries the request that was sent, Authorization header included.
        errors.push(await caught(good.client().get(`${e2.url}/nothing`)));
        expect(errors.filter((e) => e instanceof Error)).toHaveLength(errors.length);
        expect(logs.length).toBeGreaterThan(0); // the failing store was reported
        const printed = printedForms([...seen, ...errors]);
        for (const text of [...printed, ...logs]) {
          for (const c of [...secrets, token.accessToken]) expect(text).not.toContain(c);
        }
      } finally {
        await e2.close();
      }
    },
  },
];

/** Every check, by concern. */
export const bearerChecks = { caching, singleFlight, invalidation, errorMapping, canaries } as const;

/** Register the whole suite as vitest tests, against one emulator started for it. */
export function describeBearerProvider<E extends BearerEmulator, A extends BearerAuthLike>(provider: BearerProviderCase<E, A>): void {
  describe(`${provider.name}: bearer provider conformance`, () => {
    let ctx: CheckContext<E, A>;
    beforeAll(async () => {
      ctx = checkContext(provider, await provider.start());
    });
    afterAll(() => ctx.emulator.close());
    afterEach(() => {
      ctx.setFault(null);
      ctx.emulator.requests.clear();
    });
    for (const [group, checks] of Object.entries(bearerChecks)) {
      describe(group, () => {
        for (const check of checks) test(check.name, { timeout: check.timeout ?? 20_000 }, () => check.run(ctx));
      });
    }
  });
}
