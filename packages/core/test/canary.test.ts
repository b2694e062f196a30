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
  const paths = ["/oauth-error", "/html-502", "/text-500", "/malformed", "/wrong-type", "/bad-expiry", "/error-200", "/drop"];
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
