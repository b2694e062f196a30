import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createPkce, createPkceSync } from "../src/index.js";

describe("createPkceSync", () => {
  test("RFC 7636 Appendix B test vector", () => {
    expect(createPkceSync("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toEqual({
      verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
      challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      method: "S256",
    });
  });

  test("a fresh verifier: 43 base64url characters, different each time", () => {
    const a = createPkceSync();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createPkceSync().verifier).not.toBe(a.verifier);
  });

  test("property: the same challenge as the WebCrypto createPkce", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 43, maxLength: 128 }), async (v) => {
        expect(createPkceSync(v).challenge).toBe((await createPkce(v)).challenge);
      }),
      { numRuns: 100 },
    );
  });
});
