// Property tests (fast-check) for the parsers of outside input that are not covered beside
// their own unit tests: bodies quoted in errors, stored tokens (files, Redis), the
// insufficient_scope shortcut of the bearer path, `state` from a redirect, a token file.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  AuthError,
  bearerAuthorizer,
  bodyExcerpt,
  checkState,
  createAccessToken,
  deserializeToken,
  FlowError,
  oauthErrorFromBody,
  parseWwwAuthenticate,
  redact,
  Secret,
  serializeToken,
  type TokenCache,
} from "../src/index.js";
import { FileTokenStore } from "../src/node.js";

// Secrets drawn from characters that the surrounding text below never contains (upper case,
// digits), plus the characters that HTML stripping, whitespace collapsing and JSON escaping
// touch; so any 5-character window of the secret with a letter or digit in it that shows up in
// the output can only have come from the secret.
const secretArb = fc
  .string({ unit: fc.constantFrom(..."ABCDEFGHJKLMNPQRSTUVWXYZ0123456789<>\"\\& \n\t/=".split("")), minLength: 8, maxLength: 40 })
  .filter((s) => /[A-Z0-9].*[A-Z0-9].*[A-Z0-9]/.test(s) && s.trim() === s);
const textArb = fc.string({ unit: fc.constantFrom(..."abcdefghij <>/\"'=:,{}&;\n\t-".split("")), maxLength: 60 });

function leakedWindow(output: string, secret: string): string | undefined {
  for (let i = 0; i + 5 <= secret.length; i++) {
    const w = secret.slice(i, i + 5);
    if (/[A-Z0-9]/.test(w) && output.includes(w)) return w;
  }
  return undefined;
}

describe("bodyExcerpt / redact (server bodies quoted in errors)", () => {
  test("property: a known secret never reaches the excerpt, raw, inside HTML tags or JSON-escaped", () => {
    fc.assert(
      fc.property(textArb, secretArb, textArb, fc.boolean(), (before, secret, after, asJson) => {
        const body = `${before}${secret}${after}`;
        const text = asJson ? JSON.stringify({ message: body }) : body;
        for (const s of [secret, new Secret(secret)]) {
          const out = bodyExcerpt(text, [s], 10_000);
          expect(typeof out).toBe("string");
          expect(leakedWindow(out, secret), `excerpt ${JSON.stringify(out)}`).toBeUndefined();
        }
        expect(leakedWindow(redact(text, [secret]), secret)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  test("property: any body gives a short string, never a throw", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.array(fc.option(fc.string(), { nil: undefined })), (text, secrets) => {
        const out = bodyExcerpt(text, secrets);
        expect(out.length).toBeLessThanOrEqual(161);
        expect(out).not.toMatch(/\s{2}/);
      }),
      { numRuns: 2000 },
    );
  });

  test("property: an RFC 6749 §5.2 body with any fields gives an OAuthError that quotes no sent secret", () => {
    fc.assert(
      fc.property(textArb, secretArb, fc.anything(), fc.anything(), fc.constantFrom("error", "error_description", "error_uri"), (text, secret, d, u, where) => {
        const body: Record<string, unknown> = { error: "invalid_client", error_description: d, error_uri: u };
        body[where] = `${text}${secret}`;
        const e = oauthErrorFromBody(body as { error: string }, 401, [secret]);
        expect(e).toBeInstanceOf(AuthError);
        for (const form of [e.message, String(e.errorDescription), String(e.errorUri), e.error, JSON.stringify(e)]) {
          expect(leakedWindow(form, secret)).toBeUndefined();
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("deserializeToken (what a store read back: a file, Redis)", () => {
  test("property: any JSON value gives an AccessToken or undefined, never a throw", () => {
    const tokenish = fc.record(
      {
        accessToken: fc.oneof(fc.string(), fc.anything()),
        tokenType: fc.oneof(fc.string(), fc.anything()),
        scopes: fc.oneof(fc.array(fc.string()), fc.anything()),
        expiresAt: fc.oneof(fc.double(), fc.anything()),
        issuedAt: fc.oneof(fc.double(), fc.anything()),
        refreshToken: fc.anything(),
        tokenSecret: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), tokenish), (value) => {
        const t = deserializeToken(value);
        if (t === undefined) return;
        expect(typeof t.accessToken).toBe("string");
        expect(t.accessToken.length).toBeGreaterThan(0);
        expect(typeof t.tokenType).toBe("string");
        expect(t.scopes.every((s) => typeof s === "string")).toBe(true);
        for (const k of ["expiresAt", "issuedAt"] as const) if (t[k] !== undefined) expect(Number.isFinite(t[k])).toBe(true);
        // Whatever came in, the printed forms of what comes out are redacted.
        expect(JSON.stringify(t)).not.toContain(`"accessToken":${JSON.stringify(t.accessToken)}`);
      }),
      { numRuns: 3000 },
    );
  });

  test("property: serializeToken -> JSON -> deserializeToken round-trips every field", () => {
    const fields = fc.record(
      {
        // Tokens as they can be sent (visible ASCII; printable ASCII for the others): a store
        // entry holding anything else is no token, see token-value.test.ts.
        accessToken: fc.string({ minLength: 1, unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
        tokenType: fc.string(),
        scopes: fc.array(fc.string()),
        expiresAt: fc.integer({ min: 0, max: 8.64e15 }),
        issuedAt: fc.integer({ min: 0, max: 8.64e15 }),
        refreshToken: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
        tokenSecret: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
      },
      { requiredKeys: ["accessToken", "tokenType", "scopes"] },
    );
    fc.assert(
      fc.property(fields, (f) => {
        const back = deserializeToken(JSON.parse(JSON.stringify(serializeToken(createAccessToken(f)))));
        expect(back && serializeToken(back)).toEqual(serializeToken(createAccessToken(f)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the bearer path's insufficient_scope check (a server's WWW-Authenticate)", () => {
  const cache = (): TokenCache => ({ getToken: vi.fn(), invalidate: vi.fn(async () => {}), set: vi.fn() }) as unknown as TokenCache;
  const retries = (header: string) =>
    bearerAuthorizer(cache()).unauthorized!(
      { method: "GET", url: "https://x/" },
      new Response(null, { status: 401, headers: { "www-authenticate": header } }),
      { authorization: "Bearer t" },
    );

  test("property: the shortcut agrees with parseWwwAuthenticate on any challenge list (RFC 6750 §3.1)", async () => {
    const scheme = fc.constantFrom("Bearer", "bearer", "BEARER", "Basic", "DPoP", "x-bearer", "Bearer2");
    const name = fc.constantFrom("error", "ERROR", "x-error", "error_description", "realm", "scope", "my.error");
    const value = fc.oneof(
      fc.constantFrom("insufficient_scope", "INSUFFICIENT_SCOPE", "insufficient_scope-x", "insufficient_scope.x", "invalid_token", "insufficient_scopes", ", error=insufficient_scope"),
      fc.string({ unit: fc.constantFrom('"', "\\", ",", "=", " ", "a", "insufficient_scope", "error") }),
    );
    const param = fc.record({ name, value, quoted: fc.boolean() }).filter((p) => p.quoted || /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(p.value));
    // RFC 7235 §2.1: a parameter name occurs once per challenge (case-insensitively).
    const params = fc.uniqueArray(param, { maxLength: 3, selector: (p) => p.name.toLowerCase() });
    const challenge = fc.record({ scheme, params, space: fc.constantFrom(" ", "  ", "\t") });
    await fc.assert(
      fc.asyncProperty(fc.array(challenge, { minLength: 1, maxLength: 3 }), async (list) => {
        const header = list
          .map((c) =>
            [c.scheme, c.params.map((p) => `${p.name}=${p.quoted ? `"${p.value.replace(/["\\]/g, "\\$&")}"` : p.value}`).join(", ")].filter(Boolean).join(c.space),
          )
          .join(", ");
        // Any Bearer challenge of the header saying so counts; the error code compares
        // case-insensitively (servers are not consistent, so neither are we).
        const expected = parseWwwAuthenticate(header).some((c) => c.scheme === "bearer" && c.params.error?.toLowerCase() === "insufficient_scope");
        expect(await retries(header), header).toBe(!expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("checkState (a redirect's state)", () => {
  test("property: passes exactly when equal; otherwise a FlowError", () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: undefined }), fc.boolean(), (expected, other, same) => {
        const actual = same ? expected : other;
        if (actual === expected) expect(() => checkState(expected, actual)).not.toThrow();
        else expect(() => checkState(expected, actual)).toThrow(FlowError);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("FileTokenStore (a token file anyone may have edited)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "auth-core-props-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("property: any file content reads as a token or nothing, warns at most once, and a set repairs it", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ k: v }))), async (content) => {
        const path = join(dir, `t${n++}.json`);
        await writeFile(path, content);
        const warnings: string[] = [];
        const store = new FileTokenStore(path, { logger: { warn: (m) => warnings.push(m) } });
        const got = await store.get("k");
        expect(got === undefined || typeof got.accessToken === "string").toBe(true);
        await store.get("k");
        expect(warnings.length).toBeLessThanOrEqual(1);
        await store.set("k", createAccessToken({ accessToken: "tok", tokenType: "Bearer", scopes: [] }));
        expect((await new FileTokenStore(path).get("k"))?.accessToken).toBe("tok");
      }),
      { numRuns: 200 },
    );
  });
});
