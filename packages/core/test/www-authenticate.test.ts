import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bearerChallenge, parseWwwAuthenticate } from "../src/index.js";

describe("parseWwwAuthenticate", () => {
  test("RFC 6750 §3 examples", () => {
    expect(parseWwwAuthenticate('Bearer realm="example"')).toEqual([{ scheme: "bearer", params: { realm: "example" } }]);
    expect(
      parseWwwAuthenticate('Bearer realm="example",\n                       error="invalid_token",\n                       error_description="The access token expired"'),
    ).toEqual([{ scheme: "bearer", params: { realm: "example", error: "invalid_token", error_description: "The access token expired" } }]);
  });

  test("insufficient_scope with the scope needed (RFC 6750 §3.1)", () => {
    const h = 'Bearer realm="api", error="insufficient_scope", scope="manageJobs readJobs"';
    expect(bearerChallenge(h)).toEqual({ realm: "api", error: "insufficient_scope", scope: "manageJobs readJobs" });
  });

  test("several challenges, token68, unquoted values, escapes, case", () => {
    const h = 'Basic realm="a\\"b", NEGOTIATE abc+/def==, Bearer Error=invalid_token , ERROR_description="x, y"';
    expect(parseWwwAuthenticate(h)).toEqual([
      { scheme: "basic", params: { realm: 'a"b' } },
      { scheme: "negotiate", params: {}, token68: "abc+/def==" },
      { scheme: "bearer", params: { error: "invalid_token", error_description: "x, y" } },
    ]);
  });

  test("empty, missing and garbage headers give no challenge", () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate(null)).toEqual([]);
    expect(parseWwwAuthenticate("")).toEqual([]);
    expect(parseWwwAuthenticate(",,, ")).toEqual([]);
    expect(bearerChallenge('Basic realm="x"')).toBeUndefined();
  });

  test("parameters named like Object.prototype members are kept as data", () => {
    const [c] = parseWwwAuthenticate('Bearer constructor="a", __proto__="b", toString="c"');
    expect(c!.params).toEqual({ constructor: "a", ["__proto__"]: "b", tostring: "c" });
    expect(Object.getPrototypeOf(c!.params)).toBe(Object.prototype);
  });

  test("property: any string gives an array of challenges, never a throw", () => {
    const piece = fc.constantFrom("Bearer", "Basic", " ", ",", "=", '"', "\\", "realm", "error", "abc==", "\t", "x");
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(piece).map((a) => a.join(""))), (h) => {
        const out = parseWwwAuthenticate(h);
        expect(Array.isArray(out)).toBe(true);
        for (const c of out) {
          expect(c.scheme).toMatch(/^[!#$%&'*+.^_`|~0-9a-z-]+$/);
          for (const v of Object.values(c.params)) expect(typeof v).toBe("string");
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("property: a serialized challenge list parses back to itself", () => {
    const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9a-z-]{1,10}$/);
    const value = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('"', "\\", ",", "=", " ", "\t", "a", "é", "Bearer") }));
    const challenge = fc.record({ scheme: token, params: fc.dictionary(token, value, { maxKeys: 4 }) });
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), (list) => {
        const header = list
          .map((c) => [c.scheme, Object.entries(c.params).map(([k, v]) => `${k}="${v.replace(/["\\]/g, "\\$&")}"`).join(", ")].filter(Boolean).join(" "))
          .join(", ");
        const parsed = parseWwwAuthenticate(header);
        expect(parsed.map((c) => ({ scheme: c.scheme, params: { ...c.params } }))).toEqual(list.map((c) => ({ scheme: c.scheme, params: { ...c.params } })));
      }),
      { numRuns: 2000 },
    );
  });
});
