import { startServer, type TestServer } from "@auth/testing";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  bearerAuthorizer,
  createAccessToken,
  createClient,
  createTokenCache,
  parseRedirect,
  parseTokenResponse,
  requestToken,
  type RequestTokenOptions,
  Secret,
} from "../src/index.js";

// Canary values: if any of these (or a derived form) shows up in an error, a secret leaked.
const SECRET = "canary-secret-S3cr3tValue";
const TOKEN = "canary-access-T0kenValue";
const CODE = "canary-code-C0deValue";
const REFRESH = "canary-refresh-R3fValue";
const BASIC = Buffer.from(`client:${SECRET}`).toString("base64");
const CANARIES = [SECRET, TOKEN, CODE, REFRESH, BASIC, "S3cr3tValue", "T0kenValue", "C0deValue", "R3fValue"];

function printedForms(error: unknown): string[] {
  const e = error as Error & { hint?: string };
  return [String(e), e.message, e.stack ?? "", e.hint ?? "", JSON.stringify(e), JSON.stringify({ ...e }), inspect(e, { depth: 20 }), inspect(e, { depth: 20, showHidden: true })];
}

function expectNoCanary(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const form of printedForms(error)) for (const c of CANARIES) expect(form, `leaked ${c}`).not.toContain(c);
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

let server: TestServer;
beforeAll(async () => {
  // A badly behaved server that echoes whatever it was sent into its error responses.
  server = await startServer(async (ctx) => {
    const echo = `auth=${ctx.req.headers.authorization ?? ""} body=${ctx.body} decoded=${Buffer.from((ctx.req.headers.authorization ?? "").slice(6), "base64").toString()}`;
    switch (ctx.url.pathname) {
      case "/oauth-error":
        return ctx.json(401, { error: "invalid_client", error_description: `bad client: ${echo}`, error_uri: `https://x.example/?${ctx.body}` });
      case "/html-502":
        return ctx.send(502, `<html><head><title>502</title></head><body><h1>Bad Gateway</h1><pre>${echo}</pre></body></html>`, { "content-type": "text/html" });
      case "/text-500":
        return ctx.send(500, echo);
      case "/json-500":
        // Not an OAuth error: quoted as sent, with the decoded secret JSON-escaped in it.
        return ctx.json(500, { message: echo, received: Object.fromEntries(ctx.form), basic: Buffer.from((ctx.req.headers.authorization ?? "").slice(6), "base64").toString() });
      case "/malformed":
        return ctx.send(200, `{"access_token": "${TOKEN}", "refresh_token": "${REFRESH}", "expires_in": 36`, { "content-type": "application/json" });
      case "/wrong-type":
        return ctx.json(200, { access_token: TOKEN, token_type: "mac", refresh_token: REFRESH });
      case "/bad-expiry":
        return ctx.json(200, { access_token: TOKEN, expires_in: "soon", refresh_token: REFRESH });
      case "/error-200":
        return ctx.json(200, { error: "invalid_grant", error_description: `code ${new URLSearchParams(ctx.body).get("code")} is ${echo}` });
      case "/slow":
        await new Promise((r) => setTimeout(r, 300));
        return ctx.json(200, { access_token: TOKEN });
      case "/resource":
        // A resource server's own body is the caller's to print; what must not leak is the
        // header core added (ky keeps its request and options on the HTTPError).
        return ctx.json(401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
      case "/drop":
        ctx.req.socket.destroy();
        return;
    }
  });
});
afterAll(() => server.close());

const base = (path: string, extra: Partial<RequestTokenOptions> = {}): RequestTokenOptions => ({
  url: `${server.url}${path}`,
  params: { grant_type: "authorization_code", code: CODE, refresh_token: REFRESH },
  clientAuth: { method: "basic", clientId: "client", clientSecret: new Secret(SECRET), encoding: "raw" },
  retry: 0,
  ...extra,
});

describe("canary: no secret or token in any error", () => {
  const paths = ["/oauth-error", "/html-502", "/text-500", "/json-500", "/malformed", "/wrong-type", "/bad-expiry", "/error-200", "/drop"];
  for (const path of paths) {
    test(`requestToken ${path}, Basic auth`, async () => {
      expectNoCanary(await failure(requestToken(base(path))));
    });
    test(`requestToken ${path}, secret in the form body as a plain string`, async () => {
      expectNoCanary(await failure(requestToken(base(path, { clientAuth: { method: "post", clientId: "client", clientSecret: SECRET } }))));
    });
  }

  test("the errors still say what happened (redaction does not empty them)", async () => {
    const e = (await failure(requestToken(base("/oauth-error")))) as Error;
    expect(e.message).toMatch(/invalid_client/);
    expect(e.message).toContain("[redacted]");
    const html = (await failure(requestToken(base("/html-502")))) as Error;
    expect(html.message).toMatch(/502.*Bad Gateway/);
  });

  // A secret with the characters that HTML stripping, whitespace collapsing and JSON escaping
  // change: each must still be redacted wherever the server echoes it.
  const SPECIAL = 'canary-"Sp\\ec<i>al\tK3yV4lue';
  const SPECIAL_PARTS = ["Sp\\ec", "al\tK3y", "K3yV4lue", "al K3y"];
  for (const path of ["/oauth-error", "/html-502", "/text-500", "/json-500", "/error-200"]) {
    for (const clientAuth of [
      { method: "basic", clientId: "client", clientSecret: SPECIAL, encoding: "raw" },
      { method: "post", clientId: "client", clientSecret: new Secret(SPECIAL) },
    ] as const) {
      test(`requestToken ${path}, ${clientAuth.method}: a secret with quotes, backslash, tags and a tab`, async () => {
        const e = await failure(requestToken(base(path, { clientAuth })));
        expectNoCanary(e);
        for (const form of printedForms(e)) for (const part of SPECIAL_PARTS) expect(form, `leaked ${part}`).not.toContain(part);
      });
    }
  }

  test("log lines: the cache's warnings (refresh failed, store failed) carry no secret", async () => {
    const messages: string[] = [];
    let now = 0;
    let calls = 0;
    const cache = createTokenCache({
      key: "canary",
      clock: () => now,
      logger: { warn: (m) => messages.push(m) },
      fetchToken: async () => {
        if (calls++ === 0) return createAccessToken({ accessToken: TOKEN, tokenType: "Bearer", scopes: [], issuedAt: 0, expiresAt: 3_600_000 });
        return requestToken(base("/text-500"));
      },
      store: {
        get: async () => {
          throw new Error("store down");
        },
        set: async () => {},
        delete: async () => {},
      },
    });
    await cache.getToken();
    now = 3_590_000; // stale, not expired: the failed refresh is logged and the token kept
    expect((await cache.getToken()).accessToken).toBe(TOKEN);
    expect(messages.some((m) => /Token refresh failed/.test(m))).toBe(true);
    expect(messages.some((m) => /Token store failed/.test(m))).toBe(true);
    for (const m of messages) for (const c of CANARIES) expect(m, `leaked ${c}`).not.toContain(c);
  });

  test("timeout", async () => {
    expectNoCanary(await failure(requestToken(base("/slow", { timeout: 30 }))));
  });

  test("the token cache passes the same errors through", async () => {
    const cache = createTokenCache({ fetchToken: () => requestToken(base("/html-502")) });
    expectNoCanary(await failure(cache.getToken()));
  });

  test("createClient: a persistent 401 from the resource (ky HTTPError)", async () => {
    const cache = createTokenCache({ fetchToken: async () => createAccessToken({ accessToken: TOKEN, tokenType: "Bearer", scopes: [], refreshToken: REFRESH }) });
    const api = createClient(bearerAuthorizer(cache), { retry: 0 });
    const e = await failure(api.get(`${server.url}/resource`));
    expectNoCanary(e);
  });

  test("parseTokenResponse and parseRedirect errors", async () => {
    expectNoCanary(await failure((async () => parseTokenResponse({ access_token: TOKEN, expires_in: -1 }, { now: 0 }))()));
    expectNoCanary(await failure((async () => parseTokenResponse(`{"access_token":"${TOKEN}", oops}`, { now: 0 }))()));
    expectNoCanary(await failure((async () => parseRedirect(`${TOKEN} ${CODE}`))()));
  });

  test("a token printed by accident is redacted", () => {
    const t = createAccessToken({ accessToken: TOKEN, tokenType: "Bearer", scopes: [], refreshToken: REFRESH, tokenSecret: SECRET });
    for (const form of [JSON.stringify(t), inspect(t), inspect({ t }, { depth: 5 }), `${JSON.stringify([t])}`]) for (const c of CANARIES) expect(form).not.toContain(c);
  });
});
