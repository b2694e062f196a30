import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { type Attributes, metrics, trace } from "@opentelemetry/api";
import { type DataPoint, MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  type AccessToken,
  type BearerSettings,
  createAccessToken,
  createAuthorizationCodeAuth,
  createTokenEndpointAuth,
  MemoryTokenStore,
  type ReleaseLock,
  requestToken,
  serializeToken,
  storeKey,
  type TokenStore,
  telemetrySnapshot,
} from "../src/index.js";

// The SDK, registered globally as an application would: an in-memory span exporter behind a
// simple processor, and a meter provider whose reader the test collects by hand.
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const reader = new CollectingReader();
const meterProvider = new MeterProvider({ readers: [reader] });

const SECRET = "canary-secret-7f3c9a1e5b";
const CLIENT_ID = "canary-client-4d2b8e";
let emu: OAuth2Emulator;
/** Every access token handed out in this file, for the canary search. */
const handedOut = new Set<string>();

beforeAll(async () => {
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  emu = await startOAuth2Emulator({ clientId: CLIENT_ID, clientSecret: SECRET, refreshTokens: false });
});
afterAll(async () => {
  await emu.close();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
});
beforeEach(() => {
  emu.setFault(null);
});

/** A provider built the way in-house providers are; `provider` names it in the store key (and so in telemetry). */
function createAuth(provider: string, settings: BearerSettings = {}, secret = SECRET) {
  return createTokenEndpointAuth(
    { retry: { limit: 2, delay: () => 1, jitter: false }, ...settings },
    {
      key: storeKey({ provider, baseUrl: emu.url, account: CLIENT_ID }),
      url: emu.tokenUrl,
      params: { grant_type: "client_credentials" },
      clientAuth: { method: "basic", clientId: CLIENT_ID, clientSecret: secret },
    },
  );
}

const remember = (t: AccessToken): AccessToken => {
  handedOut.add(t.accessToken);
  return t;
};

const spansOf = (provider: string): ReadableSpan[] => spans.getFinishedSpans().filter((s) => s.attributes["auth.provider"] === provider);

async function collect(): Promise<ResourceMetrics> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return resourceMetrics;
}

/** The data points of metric `name` whose attributes include `match`. */
function points(rm: ResourceMetrics, name: string, match: Attributes): DataPoint<unknown>[] {
  const out: DataPoint<unknown>[] = [];
  for (const scope of rm.scopeMetrics) {
    if (scope.scope.name !== "@auth/core") continue;
    for (const m of scope.metrics) {
      if (m.descriptor.name !== name) continue;
      for (const p of m.dataPoints as DataPoint<unknown>[]) {
        if (Object.entries(match).every(([k, v]) => p.attributes[k] === v)) out.push(p);
      }
    }
  }
  return out;
}

const sum = (rm: ResourceMetrics, name: string, match: Attributes): number => points(rm, name, match).reduce((n, p) => n + (p.value as number), 0);

const results = (rm: ResourceMetrics, provider: string) =>
  Object.fromEntries(
    ["hit", "miss", "refresh", "joined", "stale_served"].map((r) => [r, sum(rm, "auth.token.cache.results", { "auth.provider": provider, "auth.cache.result": r })]),
  );

/** A memory store shared by two caches (two "processes"), with a lock like Redis's. */
class LockingStore extends MemoryTokenStore {
  #tail: Promise<void> = Promise.resolve();
  async lock(_key: string, _ttlMs: number): Promise<ReleaseLock> {
    const before = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((r) => {
      release = r;
    });
    await before;
    return async () => release();
  }
}

/** A store that is down: every call rejects. */
const brokenStore: TokenStore = {
  get: () => Promise.reject(new Error("store down")),
  set: () => Promise.reject(new Error("store down")),
  delete: () => Promise.reject(new Error("store down")),
  lock: () => Promise.reject(new Error("store down")),
};

describe("telemetry (OpenTelemetry SDK with in-memory exporters, real HTTP against the OAuth 2 emulator)", () => {
  test("cold stampede: 50 callers, 1 token request, 1 span (miss, fetched, 1 attempt); results miss 1, joined 49, then hits", async () => {
    const auth = createAuth("stampede");
    const before = emu.requests.count("/oauth/token");
    const tokens = await Promise.all(Array.from({ length: 50 }, () => auth.getToken().then(remember)));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(emu.requests.count("/oauth/token") - before).toBe(1);
    await auth.getToken();
    await auth.getToken();

    const s = spansOf("stampede");
    expect(s).toHaveLength(1);
    expect(s[0]!.name).toBe("auth.token.acquire");
    expect(s[0]!.attributes).toEqual({
      "auth.provider": "stampede",
      "auth.grant": "client_credentials",
      "auth.cache.result": "miss",
      "auth.outcome": "fetched",
      "auth.token.attempts": 1,
    });
    expect(s[0]!.status.code).toBe(0); // UNSET: success

    const rm = await collect();
    expect(sum(rm, "auth.token.requests", { "auth.provider": "stampede", "auth.outcome": "fetched", "auth.grant": "client_credentials" })).toBe(1);
    expect(sum(rm, "auth.token.requests", { "auth.provider": "stampede", "auth.outcome": "error" })).toBe(0);
    expect(results(rm, "stampede")).toEqual({ hit: 2, miss: 1, refresh: 0, joined: 49, stale_served: 0 });

    const snap = telemetrySnapshot().providers.find((p) => p.provider === "stampede")!;
    expect(snap).toMatchObject({ grant: "client_credentials", tokenRequests: { fetched: 1, error: 0 }, cacheResults: { hit: 2, miss: 1, joined: 49 } });
  });

  test("two processes on a shared locking store: 1 token request; the second span is a store hit that waited for the lock", async () => {
    const store = new LockingStore();
    const a = createAuth("fleet", { store });
    const b = createAuth("fleet", { store });
    emu.setFault({ kind: "delay", delayMs: 60, paths: ["/oauth/token"], times: 1 });
    const [ta, tb] = await Promise.all([a.getToken(), b.getToken()]);
    expect(tb.accessToken).toBe(ta.accessToken);
    remember(ta);

    const s = spansOf("fleet");
    expect(s.map((x) => x.attributes["auth.outcome"]).sort()).toEqual(["fetched", "store_hit"]);
    const hit = s.find((x) => x.attributes["auth.outcome"] === "store_hit")!;
    expect(hit.attributes["auth.token.attempts"]).toBe(0);
    // It waited while the other "process" fetched (the token endpoint took 60 ms).
    expect(hit.attributes["auth.lock.wait.duration"] as number).toBeGreaterThan(0.03);

    const rm = await collect();
    expect(sum(rm, "auth.token.requests", { "auth.provider": "fleet" })).toBe(1);
    const waits = points(rm, "auth.token.lock.wait.duration", { "auth.provider": "fleet" });
    expect(waits).toHaveLength(1);
    const h = waits[0]!.value as { count: number; max?: number };
    expect(h.count).toBe(2);
    expect(h.max).toBeGreaterThan(0.03);
    const desc = rm.scopeMetrics.flatMap((x) => x.metrics).find((m) => m.descriptor.name === "auth.token.lock.wait.duration")!.descriptor;
    expect(desc.unit).toBe("s");
    expect(telemetrySnapshot().providers.find((p) => p.provider === "fleet")).toMatchObject({ storeHits: 1, lockWaits: { count: 2 } });
  });

  test("401 through authFetch: the rejected token is replaced (a refresh span), one retry, 2 token requests", async () => {
    const auth = createAuth("revoked");
    expect((await auth.fetch(emu.resourceUrl)).status).toBe(200);
    remember(await auth.getToken());
    emu.setFault({ kind: "revokeTokens" });
    const res = await auth.fetch(emu.resourceUrl);
    expect(res.status).toBe(200);
    remember(await auth.getToken());

    const s = spansOf("revoked");
    expect(s.map((x) => [x.attributes["auth.cache.result"], x.attributes["auth.outcome"]])).toEqual([
      ["miss", "fetched"],
      ["refresh", "fetched"],
    ]);
    const rm = await collect();
    expect(sum(rm, "auth.token.requests", { "auth.provider": "revoked", "auth.outcome": "fetched" })).toBe(2);
    expect(results(rm, "revoked")).toMatchObject({ miss: 1, refresh: 1 });
  });

  test("retries and failures: attempts counted; an OAuth error is outcome error with error.type and the registered OAuth code", async () => {
    const flaky = createAuth("flaky");
    emu.setFault({ kind: "status", status: 503, paths: ["/oauth/token"], times: 2 });
    remember(await flaky.getToken());
    expect(spansOf("flaky")[0]!.attributes).toMatchObject({ "auth.outcome": "fetched", "auth.token.attempts": 3 });

    const wrong = createAuth("wrong-secret", {}, "not-the-secret");
    await expect(wrong.getToken()).rejects.toMatchObject({ code: "oauth_error", error: "invalid_client" });
    const [span] = spansOf("wrong-secret");
    expect(span!.attributes).toMatchObject({ "auth.outcome": "error", "error.type": "oauth_error", "auth.oauth.error": "invalid_client", "auth.token.attempts": 1 });
    expect(span!.status).toEqual({ code: 2, message: "oauth_error" }); // ERROR, the type only
    const rm = await collect();
    expect(sum(rm, "auth.token.requests", { "auth.provider": "wrong-secret", "auth.outcome": "error", "error.type": "oauth_error" })).toBe(1);
    expect(sum(rm, "auth.token.requests", { "auth.provider": "flaky", "auth.outcome": "fetched" })).toBe(1);
  });

  test("a failed early refresh keeps the unexpired token: stale_served", async () => {
    let now = Date.now();
    const auth = createAuth("stale", { clock: () => now, retry: 0 });
    const first = remember(await auth.getToken());
    now += 3_500_000; // 100 s left of 3600: inside the refresh window, not expired
    emu.setFault({ kind: "status", status: 500, paths: ["/oauth/token"], times: 1 });
    expect((await auth.getToken()).accessToken).toBe(first.accessToken);
    const s = spansOf("stale");
    expect(s.map((x) => [x.attributes["auth.cache.result"], x.attributes["auth.outcome"], x.attributes["error.type"]])).toEqual([
      ["miss", "fetched", undefined],
      ["refresh", "error", "token_endpoint"],
    ]);
    const rm = await collect();
    expect(results(rm, "stale")).toMatchObject({ miss: 1, refresh: 1, stale_served: 1 });
    expect(sum(rm, "auth.token.requests", { "auth.provider": "stale", "auth.outcome": "error", "error.type": "token_endpoint" })).toBe(1);
  });

  test("store outage: requests keep working; each failed store call is counted by operation and error.type, and is an event on the span", async () => {
    const auth = createAuth("outage", { store: brokenStore });
    remember(await auth.getToken());
    const [span] = spansOf("outage");
    expect(span!.attributes["auth.outcome"]).toBe("fetched");
    expect(span!.events.map((e) => [e.name, e.attributes?.["auth.store.operation"], e.attributes?.["error.type"]])).toEqual([
      ["auth.store.error", "get", "Error"],
      ["auth.store.error", "lock", "Error"],
      ["auth.store.error", "set", "Error"],
    ]);
    await auth.invalidate(await auth.getToken());
    const rm = await collect();
    for (const op of ["get", "lock", "set", "delete"]) {
      expect(sum(rm, "auth.token.store.errors", { "auth.provider": "outage", "auth.store.operation": op, "error.type": "Error" })).toBe(1);
    }
    expect(sum(rm, "auth.token.requests", { "auth.provider": "outage", "auth.outcome": "fetched" })).toBe(1);
    expect(telemetrySnapshot().providers.find((p) => p.provider === "outage")!.storeErrors).toEqual({ "get:Error": 1, "lock:Error": 1, "set:Error": 1, "delete:Error": 1 });
  });

  test("authorization code: the cache's refreshes are grant refresh_token, attempts counted through the flow's token request", async () => {
    const server = await startOAuth2Emulator({ clientId: CLIENT_ID, clientSecret: SECRET, refreshTokens: true });
    try {
      const first = await requestToken({ url: server.tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "basic", clientId: CLIENT_ID, clientSecret: SECRET } });
      handedOut.add(first.refreshToken!);
      remember(first);
      const auth = createAuthorizationCodeAuth({
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        authorizationEndpoint: `${server.url}/authorize`,
        tokenEndpoint: server.tokenUrl,
        key: storeKey({ provider: "code-flow", baseUrl: server.url, account: CLIENT_ID }),
        retry: { limit: 2, delay: () => 1, jitter: false },
      });
      // A token whose time is up, with its refresh token (RFC 6749 §6).
      await auth.setToken(createAccessToken({ ...serializeToken(first), issuedAt: Date.now() - 7_200_000, expiresAt: Date.now() - 1000 }));
      server.setFault({ kind: "status", status: 503, paths: ["/oauth/token"], times: 1 });
      const fresh = remember(await auth.getToken());
      if (fresh.refreshToken) handedOut.add(fresh.refreshToken);
      expect(fresh.accessToken).not.toBe(first.accessToken);
      expect(spansOf("code-flow").map((x) => x.attributes)).toEqual([
        { "auth.provider": "code-flow", "auth.grant": "refresh_token", "auth.cache.result": "refresh", "auth.outcome": "fetched", "auth.token.attempts": 2 },
      ]);
    } finally {
      await server.close();
    }
  });

  test("canary: no secret, token, client id or Basic credential in any span, event, status, metric or snapshot", async () => {
    // Run last, over everything the file produced (every test above used the canary client).
    const all = spans.getFinishedSpans();
    expect(all.length).toBeGreaterThanOrEqual(10);
    const spanText = JSON.stringify(
      all.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status, links: s.links, resource: s.resource.attributes, scope: s.instrumentationScope })),
    );
    const metricText = JSON.stringify(await collect());
    const snapshotText = JSON.stringify(telemetrySnapshot());
    expect(handedOut.size).toBeGreaterThanOrEqual(5);
    const canaries = [SECRET, CLIENT_ID, Buffer.from(`${CLIENT_ID}:${SECRET}`).toString("base64"), "not-the-secret", ...handedOut];
    // The search looks at real content.
    expect(spanText).toContain('"auth.provider":"stampede"');
    expect(metricText).toContain('"auth.provider":"stampede"');
    expect(snapshotText).toContain('"provider":"stampede"');
    for (const text of [spanText, metricText, snapshotText]) for (const c of canaries) expect(text).not.toContain(c);
  });
});
