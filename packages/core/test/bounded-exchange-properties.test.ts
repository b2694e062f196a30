import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { boundedExchange, parseRetryAfter } from "../src/index.js";

describe("parsers of outside input in the exchange (properties)", () => {
  test("parseRetryAfter: any header value gives undefined or a finite delay >= 0, quickly, never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (v) => {
        const d = parseRetryAfter(v, Date.now());
        expect(d === undefined || (Number.isFinite(d) && d >= 0)).toBe(true);
      }),
    );
    fc.assert(fc.property(fc.nat({ max: 10_000_000 }), (n) => parseRetryAfter(String(n), 0) === n * 1000));
    const t0 = performance.now();
    for (const v of ["9".repeat(1_000_000), `Mon${" ".repeat(1_000_000)}`, "Mon, ".repeat(200_000)]) parseRetryAfter(v, 0);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  test("a redirect's message names the target's origin only: no path, query, fragment or user info, whatever the Location", async () => {
    const secret = "S3CR3Tcanary";
    const location = fc
      .tuple(fc.constantFrom("https://", "http://", "//", "/", "", "javascript:", "data:text/html,"), fc.webSegment(), fc.string({ maxLength: 30 }), fc.constantFrom("?", "#", "/", ";"))
      .map(([scheme, host, junk, sep]) => `${scheme}${scheme.includes("/") ? `u:${secret}@${host || "h"}.example` : ""}/${junk}${sep}${secret}${junk}`);
    await fc.assert(
      fc.asyncProperty(location, fc.constantFrom(301, 302, 303, 307, 308), async (loc, status) => {
        let headers: Headers;
        try {
          headers = new Headers({ location: loc });
        } catch {
          return; // not a header value fetch could deliver
        }
        const fake = async () => new Response(null, { status, headers });
        const error = await boundedExchange({ url: new URL("https://auth.example.test/token"), what: "the token endpoint", fetch: fake, retry: 0 }).then(
          () => undefined,
          (e: Error & { code?: string }) => e,
        );
        expect(error?.code).toBe("redirect");
        expect(`${error?.message} ${(error as { hint?: string }).hint}`).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});
