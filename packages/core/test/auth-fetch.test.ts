import { type RouteContext, startServer, type TestServer } from "@auth/testing";
import { HTTPError } from "ky";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { type AccessToken, type Authorizer, authFetch, bearerAuthorizer, createAccessToken, createBearerAuth, createClient, createTokenCache } from "../src/index.js";

/** A resource server that accepts only `Bearer <valid>`; `valid` can be changed by the test. */
let server: TestServer;
let valid = "tok-1";
let onRequest: ((ctx: RouteContext) => boolean | Promise<boolean>) | undefined;
const seen: { auth: string | undefined; body: string; method: string }[] = [];
beforeAll(async () => {
  server = await startServer(async (ctx) => {
    seen.push({ auth: ctx.req.headers.authorization, body: ctx.body, method: ctx.req.method ?? "" });
    if (onRequest && (await onRequest(ctx))) return;
    if (ctx.req.headers.authorization !== `Bearer ${valid}`) {
      return ctx.json(401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
    }
    ctx.json(200, { ok: true, body: ctx.body, ct: ctx.req.headers["content-type"] ?? null, x: ctx.req.headers["x-extra"] ?? null });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  seen.length = 0;
  valid = "tok-1";
  onRequest = undefined;
});

/** A cache whose tokens are tok-1, tok-2, ...; the server's `valid` follows the newest. */
function tokens() {
  let n = 0;
  const fetchToken = vi.fn(async (): Promise<AccessToken> => createAccessToken({ accessToken: `tok-${++n}`, tokenType: "Bearer", scopes: [] }));
  return { cache: createTokenCache({ fetchToken }), fetchToken };
}

describe("authFetch", () => {
  test("adds the Authorization header and keeps the caller's headers; ours wins over the caller's", async () => {
    const { cache } = tokens();
    const f = authFetch(bearerAuthorizer(cache));
    const res = await f(`${server.url}/r`, { headers: { "X-Extra": "1", Authorization: "Bearer stale" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ x: "1" });
    expect(seen[0]!.auth).toBe("Bearer tok-1");
    await f(new URL(`${server.url}/r`), { headers: new Headers({ authorization: "nope" }) });
    await f(`${server.url}/r`, { headers: [["x-extra", "2"]] });
    expect(seen.map((s) => s.auth)).toEqual(["Bearer tok-1", "Bearer tok-1", "Bearer tok-1"]);
  });

  test("401: the authorizer drops the token, one retry with a fresh one succeeds", async () => {
    const { cache, fetchToken } = tokens();
    const f = authFetch(bearerAuthorizer(cache));
    await f(`${server.url}/r`);
    valid = "tok-2"; // the server revoked tok-1
    const res = await f(`${server.url}/r`, { method: "POST", body: "payload", headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ body: "payload" });
    expect(seen.map((s) => s.auth)).toEqual(["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
    expect(seen.map((s) => s.body)).toEqual(["", "payload", "payload"]);
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test("never loops: a second 401 is returned as is", async () => {
    const { cache, fetchToken } = tokens();
    valid = "never";
    const res = await authFetch(bearerAuthorizer(cache))(`${server.url}/r`);
    expect(res.status).toBe(401);
    expect(seen).toHaveLength(2);
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test("insufficient_scope is not retried (a new token of the same grant cannot fix it)", async () => {
    const { cache, fetchToken } = tokens();
    onRequest = (ctx) => {
      ctx.json(401, {}, { "www-authenticate": 'Bearer error="insufficient_scope", scope="admin"' });
      return true;
    };
    const res = await authFetch(bearerAuthorizer(cache))(`${server.url}/r`);
    expect(res.status).toBe(401);
    expect(seen).toHaveLength(1);
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  test("an authorizer without unauthorized (or answering false) gets no retry", async () => {
    const plain: Authorizer = { authorize: async () => ({ authorization: "Bearer nope" }) };
    expect((await authFetch(plain)(`${server.url}/r`)).status).toBe(401);
    const refuses: Authorizer = { ...plain, unauthorized: async () => false };
    expect((await authFetch(refuses)(`${server.url}/r`)).status).toBe(401);
    expect(seen).toHaveLength(2);
  });

  test("a Request input with a body is retried with the same body and headers", async () => {
    const { cache } = tokens();
    const f = authFetch(bearerAuthorizer(cache));
    await cache.getToken();
    valid = "tok-2";
    const req = new Request(`${server.url}/r`, { method: "PUT", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json", "x-extra": "r" } });
    const res = await f(req);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, body: '{"a":1}', ct: "application/json", x: "r" });
    expect(seen.map((s) => [s.method, s.auth, s.body])).toEqual([
      ["PUT", "Bearer tok-1", '{"a":1}'],
      ["PUT", "Bearer tok-2", '{"a":1}'],
    ]);
  });

  test("a Request with init overrides, and a GET Request, are retried too", async () => {
    const { cache } = tokens();
    const f = authFetch(bearerAuthorizer(cache));
    await cache.getToken();
    valid = "tok-2";
    expect((await f(new Request(`${server.url}/r`), { headers: { "x-extra": "init" } })).status).toBe(200);
    expect(seen.map((s) => s.auth)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
    valid = "tok-3";
    expect((await f(new Request(`${server.url}/r`, { method: "POST", body: "a" }), { body: "b" })).status).toBe(200);
    expect(seen.slice(2).map((s) => s.body)).toEqual(["b", "b"]);
  });

  test("a stream body cannot be replayed: the 401 is returned without a retry", async () => {
    const { cache } = tokens();
    valid = "other";
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("streamed"));
        c.close();
      },
    });
    const res = await authFetch(bearerAuthorizer(cache))(`${server.url}/r`, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(res.status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  test("signsBody authorizers see form bodies (string, URLSearchParams, Request) and the content type", async () => {
    const calls: { method: string; url: string; body?: string; contentType?: string }[] = [];
    const signer: Authorizer = {
      signsBody: true,
      async authorize(r) {
        calls.push({ method: r.method, url: r.url, ...(r.body === undefined ? {} : { body: String(r.body) }), ...(r.contentType ? { contentType: r.contentType } : {}) });
        return { authorization: `Bearer ${valid}` };
      },
    };
    const f = authFetch(signer);
    const url = `${server.url}/r?q=1`;
    await f(url, { method: "post", body: new URLSearchParams({ a: "1 2" }) });
    await f(url, { method: "POST", body: "b=2", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    await f(new Request(url, { method: "POST", body: new URLSearchParams({ c: "3" }) }));
    await f(url, { method: "POST", body: '{"j":1}', headers: { "content-type": "application/json" } });
    const form = { "content-type": "application/x-www-form-urlencoded" };
    await f(url, { method: "POST", body: new Blob(["d=4"]), headers: form });
    await f(url, { method: "POST", body: new TextEncoder().encode("e=5"), headers: form });
    expect(calls).toEqual([
      { method: "POST", url, body: "a=1+2", contentType: "application/x-www-form-urlencoded;charset=UTF-8" },
      { method: "POST", url, body: "b=2", contentType: "application/x-www-form-urlencoded" },
      { method: "POST", url, body: "c=3", contentType: "application/x-www-form-urlencoded;charset=UTF-8" },
      { method: "POST", url, contentType: "application/json" },
      { method: "POST", url, body: "d=4", contentType: "application/x-www-form-urlencoded" },
      { method: "POST", url, body: "e=5", contentType: "application/x-www-form-urlencoded" },
    ]);
    // The body signed is the body sent.
    expect(seen.map((s) => s.body)).toEqual(["a=1+2", "b=2", "c=3", '{"j":1}', "d=4", "e=5"]);
  });

  test("uses the given fetch implementation", async () => {
    const impl = vi.fn(async (_i: string | URL | Request, init?: RequestInit) => new Response(new Headers(init?.headers).get("authorization")));
    const res = await authFetch({ authorize: async () => ({ authorization: "Bearer z" }) }, impl)("https://api.example/x");
    expect(await res.text()).toBe("Bearer z");
    expect(impl).toHaveBeenCalledTimes(1);
  });

  test("an authorizer failure rejects the call without sending anything", async () => {
    const f = authFetch(bearerAuthorizer(createTokenCache({ fetchToken: () => Promise.reject(new Error("token endpoint down")) })));
    await expect(f(`${server.url}/r`)).rejects.toThrow("token endpoint down");
    expect(seen).toHaveLength(0);
  });
});

describe("createClient (ky)", () => {
  test("authorizes every request; a 401 refreshes once and retries", async () => {
    const { cache, fetchToken } = tokens();
    const api = createClient(bearerAuthorizer(cache), { prefix: `${server.url}/` });
    expect(await api.get("r").json()).toMatchObject({ ok: true });
    valid = "tok-2";
    expect(await api.post("r", { json: { hello: "world" } }).json()).toMatchObject({ ok: true, body: '{"hello":"world"}' });
    expect(seen.map((s) => s.auth)).toEqual(["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
    expect(seen.slice(1).map((s) => s.body)).toEqual(['{"hello":"world"}', '{"hello":"world"}']);
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  test("never loops: a persistent 401 is one retry, then ky's HTTPError", async () => {
    const { cache } = tokens();
    valid = "never";
    const api = createClient(bearerAuthorizer(cache));
    const e = await api.get(`${server.url}/r`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HTTPError);
    expect((e as HTTPError).response.status).toBe(401);
    expect(seen).toHaveLength(2);
  });

  test("ky's own retries (503) carry a fresh token, not the one of the first attempt", async () => {
    const { cache } = tokens();
    let first = true;
    onRequest = async (ctx) => {
      if (!first) return false;
      first = false;
      // While this attempt is in flight another caller refreshes the token (and the old one dies).
      await cache.getToken({ forceRefresh: true });
      valid = "tok-2";
      ctx.send(503, "busy");
      return true;
    };
    const api = createClient(bearerAuthorizer(cache), { retry: { limit: 2, delay: () => 1 } });
    expect(await api.get(`${server.url}/r`).json()).toMatchObject({ ok: true });
    expect(seen.map((s) => s.auth)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  test("the 401 retry does not count against (or need) ky's retry limit", async () => {
    const { cache } = tokens();
    await cache.getToken();
    valid = "tok-2";
    const api = createClient(bearerAuthorizer(cache), { retry: 0 });
    expect((await api.get(`${server.url}/r`)).status).toBe(200);
  });

  test("createBearerAuth wires cache, client and fetch, with a custom transport", async () => {
    const transport = vi.fn((i: string | URL | Request, init?: RequestInit) => fetch(i, init));
    let n = 0;
    const auth = createBearerAuth({ fetchToken: async () => createAccessToken({ accessToken: `tok-${++n}`, tokenType: "Bearer", scopes: [] }), fetch: transport });
    expect((await auth.fetch(`${server.url}/r`)).status).toBe(200);
    expect((await auth.client().get(`${server.url}/r`)).status).toBe(200);
    expect(transport).toHaveBeenCalledTimes(2);
    expect((await auth.authorize({ method: "GET", url: server.url })).authorization).toBe("Bearer tok-1");
    await auth.invalidate("tok-1");
    expect((await auth.getToken()).accessToken).toBe("tok-2");
    expect(typeof auth.unauthorized).toBe("function");
  });
});
