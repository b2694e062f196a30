import { ConfigurationError, OAuthError, parseTokenResponse } from "@auth/core";
import { type ConfigApiEmulator, startConfigApiEmulator } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ConfigApiAuthOptions, createConfigApiAuth } from "../src/index.js";

const TOKEN_PATH = "/configapi/v2/oauth/token";
let emu: ConfigApiEmulator;
const now = Date.now();
const clock = () => now;

beforeAll(async () => {
  emu = await startConfigApiEmulator({ clock });
});
afterAll(() => emu.close());
afterEach(() => {
  emu.setFault(null);
  emu.setTokenLifetime(3599);
  emu.setTrailingComma(false);
  emu.requests.clear();
});

const auth = (extra: Partial<ConfigApiAuthOptions> = {}) =>
  createConfigApiAuth({ baseUrl: emu.url, clientId: emu.credentials.clientId, clientSecret: emu.credentials.clientSecret, clock, ...extra });

describe("the request, as documented", () => {
  test("form body grant_type, client_id, client_secret, scope in the document's order; scope defaults to the host", async () => {
    const token = await auth().getToken();
    const sent = emu.requests.all.find((r) => r.path === TOKEN_PATH)!;
    expect(sent.method).toBe("POST");
    expect(sent.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent.headers.authorization).toBeUndefined();
    const host = new URL(emu.url).host;
    expect(sent.body).toBe(`grant_type=client_credentials&client_id=sheila.thomas&client_secret=qkDwDJlDfig2IpeuUZYKH1Wb8q1V0ju6sILxQQqhJ&scope=${encodeURIComponent(host)}`);
    expect(token.tokenType).toBe("Bearer");
    expect(token.expiresAt).toBe(now + 3_599_000); // "3599", a string
  });

  test("values are form-encoded", async () => {
    const e = await startConfigApiEmulator({ clientId: "sheila thomas+1@x", clientSecret: "a&b=c %/+é", scope: "tenant one&two" });
    try {
      await createConfigApiAuth({ baseUrl: e.url, clientId: "sheila thomas+1@x", clientSecret: "a&b=c %/+é", scope: "tenant one&two" }).getToken();
      expect(e.requests.all[0]!.body).toBe(
        "grant_type=client_credentials&client_id=sheila+thomas%2B1%40x&client_secret=a%26b%3Dc+%25%2F%2B%C3%A9&scope=tenant+one%26two",
      );
    } finally {
      await e.close();
    }
  });

  test("an explicit scope (the tenant) is sent; a wrong one is invalid_scope with a hint", async () => {
    const e = await startConfigApiEmulator({ scope: "example.com" });
    try {
      const ok = createConfigApiAuth({ baseUrl: e.url, ...e.credentials });
      await ok.getToken();
      expect(e.requests.all[0]!.body).toMatch(/&scope=example\.com$/);
      const defaulted = await createConfigApiAuth({ baseUrl: e.url, clientId: e.credentials.clientId, clientSecret: e.credentials.clientSecret })
        .getToken()
        .catch((x: unknown) => x);
      expect(defaulted).toBeInstanceOf(OAuthError);
      expect(defaulted).toMatchObject({ error: "invalid_scope" });
      expect((defaulted as OAuthError).hint).toMatch(/host of baseUrl.*"scope" option/);
    } finally {
      await e.close();
    }
  });

  test("the document's example response, verbatim with its trailing comma, parses", async () => {
    const verbatim = `{
"access_token":"eyJhbGciOiJSUzI1NiI5q9Jgt...6HznsvPWy7UP3MINA",
"token_type":"Bearer",
"expires_in":"3599",
}`;
    const t = parseTokenResponse(verbatim, { now: 0, acceptTokenTypes: ["Bearer"] });
    expect(t).toMatchObject({ accessToken: "eyJhbGciOiJSUzI1NiI5q9Jgt...6HznsvPWy7UP3MINA", tokenType: "Bearer", expiresAt: 3_599_000 });
    emu.setTrailingComma(true);
    const token = await auth().getToken();
    expect(token.expiresAt).toBe(now + 3_599_000);
    expect((await auth().fetch(emu.resourceUrl)).status).toBe(200);
  });

  test("the token is sent as Authorization: Bearer (RFC 6750)", async () => {
    const a = auth();
    expect(await a.client().get(emu.resourceUrl).json()).toMatchObject({ ok: true, clientId: "sheila.thomas" });
    const ping = emu.requests.all.find((r) => r.path === "/api/ping")!;
    expect(ping.headers.authorization).toBe(`Bearer ${(await a.getToken()).accessToken}`);
    // The README's quick start shape.
    const api = createConfigApiAuth({ baseUrl: emu.url, clientId: "sheila.thomas", clientSecret: emu.credentials.clientSecret }).client();
    expect(await api.get("api/ping").json()).toMatchObject({ ok: true });
  });
});

describe("errors", () => {
  test("token_type in any case is Bearer", async () => {
    emu.setFault({ kind: "badTokenResponse", tokenType: "bEaReR" });
    expect((await auth().getToken()).tokenType).toBe("bEaReR");
  });

  test("configuration errors", () => {
    const base = { baseUrl: emu.url, clientId: "a", clientSecret: "b" };
    expect(() => createConfigApiAuth({ ...base, clientId: " " })).toThrow(ConfigurationError);
    expect(() => createConfigApiAuth({ ...base, clientSecret: "" })).toThrow(/clientSecret/);
    expect(() => createConfigApiAuth({ ...base, scope: "" })).toThrow(/scope/);
    expect(() => createConfigApiAuth({ ...base, baseUrl: "example.com" })).toThrow(ConfigurationError);
    expect(() => createConfigApiAuth({ ...base, baseUrl: "http://example.com" })).toThrow(/https/);
  });
});
