// Property tests of what @auth/metapack reads from outside (apiKey.properties text, the
// token endpoint's JSON) and sends (the Basic header), with a recording fetch: no server needed.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createMetapackAuth, parseApiKeyProperties } from "../src/index.js";

// Java Properties.store escaping of a value, written independently of the parser.
const escapeValue = (s: string) =>
  s.replace(/[\\\n\r\t\f=:#!]|^ |[^\x20-\x7e]/g, (c) => {
    const simple: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", " ": "\\ " };
    if (simple[c]) return simple[c]!;
    if (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e) return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    return `\\${c}`;
  });

const recording = (body: string, contentType = "application/json; charset=utf-8") => {
  const sent: { headers: Headers; body: string }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    sent.push({ headers: request.headers, body: await request.text() });
    return new Response(body, { status: 200, headers: { "content-type": contentType } });
  };
  return { sent, fetch };
};

const id = fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).filter((s) => !s.includes(":"));
const secret = fc.string({ unit: "binary", minLength: 1, maxLength: 40 });

describe("Basic header (docs/providers.md#metapack: base64 of the raw id:secret)", () => {
  test("for any API key read from apiKey.properties, the header is base64(UTF-8 of id:secret), nothing form-encoded", async () => {
    await fc.assert(
      fc.asyncProperty(id, secret, fc.constantFrom(" = ", "=", ":", " "), async (apiKeyId, apiKeySecret, sep) => {
        const text = `# apiKey.properties\napiKey.id${sep}${escapeValue(apiKeyId)}\napiKey.secret${sep}${escapeValue(apiKeySecret)}\n`;
        const key = parseApiKeyProperties(text);
        expect(key.apiKeyId).toBe(apiKeyId);
        expect(key.apiKeySecret.reveal()).toBe(apiKeySecret);
        const r = recording('{"access_token":"t","expires_in":3600,"token_type":"bearer"}');
        await createMetapackAuth({ baseUrl: "https://dmo.metapack.example", properties: text, fetch: r.fetch, retry: 0 }).getToken();
        expect(r.sent).toHaveLength(1);
        expect(r.sent[0]!.headers.get("authorization")).toBe(`Basic ${Buffer.from(`${apiKeyId}:${apiKeySecret}`, "utf8").toString("base64")}`);
        expect(r.sent[0]!.body).toBe("grant_type=client_credentials");
      }),
      { numRuns: 200 },
    );
  });
});

describe("token response (the document's shape: scope space-separated, may end with a space; token_type bearer)", () => {
  const word = fc.stringMatching(/^[a-z][a-z-]{0,15}$/);
  test("any scope list with stray spaces, any case of bearer, expires_in as number or numeric string", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(word, { maxLength: 6 }),
        fc.array(fc.constantFrom(" ", "  "), { minLength: 7, maxLength: 7 }),
        fc.constantFrom("bearer", "Bearer", "BEARER"),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.boolean(),
        async (scopes, gaps, tokenType, expiresIn, asString) => {
          const scope = scopes.map((s, i) => s + gaps[i]).join("");
          const body = JSON.stringify({ access_token: "tok", expires_in: asString ? String(expiresIn) : expiresIn, scope, token_type: tokenType }, null, 4);
          const r = recording(body);
          const now = 1_421_246_571_000;
          const t = await createMetapackAuth({ baseUrl: "https://dmo.metapack.example", apiKeyId: "a", apiKeySecret: "b", fetch: r.fetch, clock: () => now, retry: 0 }).getToken();
          expect(t.accessToken).toBe("tok");
          expect(t.scopes).toEqual(scopes);
          expect(t.expiresAt).toBe(now + expiresIn * 1000);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("any other body is a typed error with a hint, never a crash or a token", async () => {
    const { AuthError } = await import("@auth/core");
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), fc.json()), fc.constantFrom("application/json", "text/html"), async (body, type) => {
        const r = recording(body, type);
        const result = await createMetapackAuth({ baseUrl: "https://dmo.metapack.example", apiKeyId: "a", apiKeySecret: "b", fetch: r.fetch, retry: 0 })
          .getToken()
          .catch((e: unknown) => e);
        if (result instanceof Error) {
          expect(result).toBeInstanceOf(AuthError);
          expect((result as InstanceType<typeof AuthError>).hint).toBeTruthy();
        } else expect((result as { accessToken: string }).accessToken).not.toBe("");
      }),
      { numRuns: 300 },
    );
  });
});
