// Property tests of what @auth/configapi sends (the form body) and reads (the token response,
// with the document's quirks: expires_in a string, a trailing comma), with a recording fetch.
import { AuthError } from "@auth/core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createConfigApiAuth } from "../src/index.js";

const recording = (body: string, contentType = "application/json; charset=utf-8") => {
  const sent: { url: string; headers: Headers; body: string }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    sent.push({ url: request.url, headers: request.headers, body: await request.text() });
    return new Response(body, { status: 200, headers: { "content-type": contentType } });
  };
  return { sent, fetch };
};

const OK = '{"access_token":"tok","token_type":"Bearer","expires_in":"3599",}';
const value = fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== "");

describe("the form body (docs/providers.md#configapi, Request Access Token)", () => {
  test("any login ID, API secret and tenant come back exactly from the form-encoded body, in the document's order", async () => {
    await fc.assert(
      fc.asyncProperty(value, value, value, async (clientId, clientSecret, scope) => {
        const r = recording(OK);
        await createConfigApiAuth({ baseUrl: "https://example.com", clientId, clientSecret, scope, fetch: r.fetch, retry: 0 }).getToken();
        expect(r.sent).toHaveLength(1);
        const { url, headers, body } = r.sent[0]!;
        expect(url).toBe("https://example.com/configapi/v2/oauth/token");
        expect(headers.get("content-type")).toMatch(/^application\/x-www-form-urlencoded/);
        // Bearer-only endpoint: the credentials are in the body, never in a Basic header.
        expect(headers.get("authorization")).toBeNull();
        expect([...new URLSearchParams(body)]).toEqual([
          ["grant_type", "client_credentials"],
          ["client_id", clientId.trim()],
          ["client_secret", clientSecret],
          ["scope", scope.trim()],
        ]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the token response", () => {
  test("expires_in as the document's string (or a number), with or without its trailing comma, any case of Bearer", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("Bearer", "bearer", "BEARER"),
        fc.constantFrom("", " ", "\n", "\r\n  "),
        async (expiresIn, asString, trailingComma, tokenType, ws) => {
          const fields = [`"access_token":"eyJhbGciOiJSUzI1NiI5q9Jgt...6HznsvPWy7UP3MINA"`, `"token_type":"${tokenType}"`, `"expires_in":${asString ? `"${expiresIn}"` : expiresIn}`];
          const body = `{${ws}${fields.join(`,${ws}`)}${trailingComma ? "," : ""}${ws}}`;
          const now = 1_700_000_000_000;
          const r = recording(body);
          const t = await createConfigApiAuth({ baseUrl: "https://example.com", clientId: "sheila.thomas", clientSecret: "s", fetch: r.fetch, clock: () => now, retry: 0 }).getToken();
          expect(t.accessToken).toBe("eyJhbGciOiJSUzI1NiI5q9Jgt...6HznsvPWy7UP3MINA");
          expect(t.expiresAt).toBe(now + expiresIn * 1000);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("a token_type other than Bearer is always an InvalidTokenResponseError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 12 }).filter((t) => t.toLowerCase() !== "bearer" && t !== ""), async (tokenType) => {
        const r = recording(JSON.stringify({ access_token: "tok", token_type: tokenType, expires_in: "3599" }));
        const e = await createConfigApiAuth({ baseUrl: "https://example.com", clientId: "a", clientSecret: "s", fetch: r.fetch, retry: 0 }).getToken().catch((x: unknown) => x);
        expect(e).toMatchObject({ code: "invalid_token_response" });
      }),
      { numRuns: 100 },
    );
  });

  test("any other body is a typed error with a hint, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), fc.json()), fc.constantFrom("application/json", "text/html"), async (body, type) => {
        const r = recording(body, type);
        const result = await createConfigApiAuth({ baseUrl: "https://example.com", clientId: "a", clientSecret: "s", fetch: r.fetch, retry: 0 }).getToken().catch((e: unknown) => e);
        if (result instanceof Error) {
          expect(result).toBeInstanceOf(AuthError);
          expect((result as AuthError).hint).toBeTruthy();
        } else expect((result as { accessToken: string }).accessToken).not.toBe("");
      }),
      { numRuns: 300 },
    );
  });
});
