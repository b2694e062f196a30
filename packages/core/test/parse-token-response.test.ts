import fc from "fast-check";
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { AuthError, deserializeToken, InvalidTokenResponseError, parseJsonLenient, parseTokenResponse, serializeToken } from "../src/index.js";

const now = 1_700_000_000_000;
const parse = (body: unknown, extra: Partial<Parameters<typeof parseTokenResponse>[1]> = {}) => parseTokenResponse(body, { now, ...extra });

describe("parseTokenResponse", () => {
  test("a complete RFC 6749 §5.1 response", () => {
    const t = parse({ access_token: "at-1", token_type: "Bearer", expires_in: 3600, scope: "read write", refresh_token: "rt-1" });
    expect(t).toMatchObject({ accessToken: "at-1", tokenType: "Bearer", expiresAt: now + 3_600_000, issuedAt: now, scopes: ["read", "write"], refreshToken: "rt-1" });
  });

  test("accepts a JSON string with a trailing comma before the closing brace (documented provider body)", () => {
    const t = parse('{\n  "access_token": "at-2",\n  "token_type": "bearer",\n  "expires_in": "3599",\n}');
    expect(t.accessToken).toBe("at-2");
    expect(t.expiresAt).toBe(now + 3_599_000);
  });

  test.each([
    [3600, 3_600_000],
    ["3600", 3_600_000],
    [" 120 ", 120_000],
    ["1.5", 1_500],
    [0, 0],
  ])("expires_in %j is a number of seconds", (raw, ms) => {
    expect(parse({ access_token: "a", expires_in: raw }).expiresAt).toBe(now + ms);
  });

  test.each([["soon"], [-1], ["-5"], [Number.POSITIVE_INFINITY], [Number.NaN], ["Infinity"], [true], [{}], ["1e3"], [""]])(
    "expires_in %j is a clear error",
    (raw) => {
      const run = () => parse({ access_token: "a", expires_in: raw });
      expect(run).toThrow(InvalidTokenResponseError);
      expect(run).toThrow(/expires_in/);
    },
  );

  test("no expires_in (or null) means no expiry: use it until a 401", () => {
    expect(parse({ access_token: "a" }).expiresAt).toBeUndefined();
    expect(parse({ access_token: "a", expires_in: null }).expiresAt).toBeUndefined();
  });

  test("an absurd expires_in does not produce an unprintable token", () => {
    const t = parse({ access_token: "a", expires_in: 1e300 });
    expect(t.expiresAt).toBeUndefined();
    expect(() => JSON.stringify(t)).not.toThrow();
  });

  test("token_type is case-insensitive against acceptTokenTypes and kept as sent", () => {
    for (const type of ["bearer", "BEARER", "Bearer", " Bearer "]) {
      expect(parse({ access_token: "a", token_type: type }, { acceptTokenTypes: ["Bearer"] }).tokenType).toBe(type.trim());
    }
    expect(() => parse({ access_token: "a", token_type: "mac" }, { acceptTokenTypes: ["Bearer"] })).toThrow(/token_type "mac"/);
    expect(parse({ access_token: "a" }).tokenType).toBe("Bearer");
    expect(() => parse({ access_token: "a", token_type: "  " })).toThrow(InvalidTokenResponseError);
  });

  test("scope is split on any whitespace, empties dropped", () => {
    expect(parse({ access_token: "a", scope: "  read \t write\n\nadmin  " }).scopes).toEqual(["read", "write", "admin"]);
    expect(parse({ access_token: "a", scope: "" }).scopes).toEqual([]);
    expect(parse({ access_token: "a" }, { requestedScopes: ["x"] }).scopes).toEqual(["x"]);
    expect(() => parse({ access_token: "a", scope: ["read"] })).toThrow(/non-string scope/);
  });

  test.each([[{}], [{ access_token: "" }], [{ access_token: 42 }], [{ access_token: null }]])("access_token missing or empty in %j is an error", (body) => {
    expect(() => parse(body)).toThrow(InvalidTokenResponseError);
  });

  test.each([["not json"], ["[1,2]"], ["null"], [42], [null], ['"str"']])("%j is not a token response", (body) => {
    expect(() => parse(body)).toThrow(InvalidTokenResponseError);
  });

  test("the printed forms of a parsed token are redacted; serializeToken round-trips", () => {
    const t = parse({ access_token: "canary-access-VALUE", refresh_token: "canary-refresh-VALUE", expires_in: 60, scope: "a b" });
    const printed = [JSON.stringify(t), inspect(t, { depth: 5 }), inspect({ nested: [t] }, { depth: 5 })].join("\n");
    expect(printed).not.toContain("canary-");
    expect(printed).toContain("[redacted]");
    const back = deserializeToken(JSON.parse(JSON.stringify(serializeToken(t))));
    expect(back).toMatchObject({ accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt, issuedAt: now, scopes: ["a", "b"] });
    expect(JSON.stringify(back)).not.toContain("canary-");
    expect(deserializeToken({ accessToken: "", tokenType: "Bearer", scopes: [] })).toBeUndefined();
    expect(deserializeToken({ accessToken: "x", tokenType: "Bearer", scopes: [1] })).toBeUndefined();
    expect(deserializeToken("x")).toBeUndefined();
  });

  test("property: any input gives a token or an AuthError, never anything else", () => {
    const bodies = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.json(),
      fc.record(
        {
          access_token: fc.oneof(fc.string(), fc.anything()),
          token_type: fc.oneof(fc.string(), fc.anything()),
          expires_in: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.anything()),
          scope: fc.oneof(fc.string(), fc.anything()),
          refresh_token: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(bodies, (body) => {
        try {
          const t = parseTokenResponse(body, { now });
          expect(typeof t.accessToken).toBe("string");
          expect(t.accessToken.length).toBeGreaterThan(0);
          expect(t.scopes.every((s) => s.length > 0 && !/\s/.test(s))).toBe(true);
          if (t.expiresAt !== undefined) expect(t.expiresAt).toBeGreaterThanOrEqual(now);
          JSON.stringify(t);
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("property: well-formed responses round-trip (numeric or string expires_in, any whitespace in scope)", () => {
    const scopeToken = fc.stringMatching(/^[!#-[\]-~]{1,12}$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.boolean(),
        fc.array(scopeToken, { maxLength: 6 }),
        fc.array(fc.constantFrom(" ", "  ", "\t", "\n"), { minLength: 7, maxLength: 7 }),
        (token, seconds, asString, scopes, gaps) => {
          const scope = gaps[0] + scopes.map((s, i) => s + gaps[i + 1]).join("");
          const t = parseTokenResponse(JSON.stringify({ access_token: token, token_type: "bearer", expires_in: asString ? String(seconds) : seconds, scope }), { now });
          expect(t.accessToken).toBe(token);
          expect(t.expiresAt).toBe(now + seconds * 1000);
          expect(t.scopes).toEqual(scopes);
        },
      ),
    );
  });
});

describe("parseJsonLenient", () => {
  test("strict JSON, and trailing commas outside strings only", () => {
    expect(parseJsonLenient('{"a":[1,2,],"b":{"c":"x,}",},}')).toEqual({ a: [1, 2], b: { c: "x,}" } });
    expect(parseJsonLenient('{"a":"\\",}"}')).toEqual({ a: '",}' });
    expect(() => parseJsonLenient("{,}")).toThrow(SyntaxError);
    expect(() => parseJsonLenient('{"a":1')).toThrow(SyntaxError);
  });

  test("property: any string gives a value or a SyntaxError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("{", "}", "[", "]", ",", '"', "\\", " ", "1", ":", "a") })), (text) => {
        try {
          parseJsonLenient(text);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  // Serialize with a trailing comma after the last member of every non-empty object / array.
  const withTrailingCommas = (v: unknown): string => {
    if (Array.isArray(v)) return v.length ? `[${v.map(withTrailingCommas).join(",")},]` : "[]";
    if (v && typeof v === "object") {
      const entries = Object.entries(v);
      return entries.length ? `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${withTrailingCommas(x)}`).join(",")} ,\n}` : "{}";
    }
    return JSON.stringify(v);
  };

  test("property: round-trips JSON, with or without trailing commas", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const expected = JSON.parse(JSON.stringify(value));
        expect(parseJsonLenient(JSON.stringify(value))).toEqual(expected);
        expect(parseJsonLenient(withTrailingCommas(expected))).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
