// The linear scanners that replaced regexes (issue 10 item 1) give the same results as those
// regexes on small inputs, where backtracking does not matter: differential property tests,
// with the old regexes as the oracle. (The regexes live here only; src has none of them.)
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseFormParams } from "../src/form-params.js";
import { dropHead, dropTags } from "../src/html-text.js";
import { dropTrailingCommas } from "../src/json-lenient.js";

describe("scanners agree with the regexes they replaced", () => {
  test("dropTrailingCommas = replace(/(\"(?:[^\"\\\\]|\\\\.)*\")|(?<![{[,]\\s*),(?=\\s*[}\\]])/g)", () => {
    const old = (text: string) => text.replace(/("(?:[^"\\]|\\.)*")|(?<![{[,]\s*),(?=\s*[}\]])/g, (_m, str?: string) => str ?? "");
    const piece = fc.constantFrom("{", "}", "[", "]", ",", " ", "\n", '"a"', '"\\""', '"\\\\"', "1", ":", '",}"', "\u00a0");
    fc.assert(
      fc.property(fc.array(piece).map((a) => a.join("")), (h) => {
        expect(dropTrailingCommas(h)).toBe(old(h));
      }),
      { numRuns: 20_000 },
    );
  });

  test("dropTags / dropHead = the tag, script/style and head regexes", () => {
    const tags = (html: string) => html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ");
    const head = (raw: string) => raw.replace(/<head[\s>][\s\S]*?<\/head>/i, " ");
    const piece = fc.constantFrom("<", ">", "</", "script", "SCRIPT", "style", "Style", "head", "HEAD", " ", "\t", "x", "<script>", "</script>", "</style>", "<head>", "</head>", "<head ", "/", "<styles>");
    fc.assert(
      fc.property(fc.array(piece).map((a) => a.join("")), (h) => {
        expect(dropTags(h)).toBe(tags(h));
        expect(dropHead(h)).toBe(head(h));
      }),
      { numRuns: 20_000 },
    );
  });

  test("parseFormParams = URLSearchParams on ASCII (Node's own is quadratic, and wrong on some non-ASCII)", () => {
    const piece = fc.constantFrom("&", "=", "+", "%", "%2", "%20", "%zz", "%C3%A9", "%FF", "a", "?", "#", " ", "%2B");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary-ascii" }), fc.array(piece).map((a) => a.join(""))), (h) => {
        expect(parseFormParams(h)).toEqual([...new URLSearchParams(h)]);
      }),
      { numRuns: 20_000 },
    );
    // WHATWG: a non-ASCII character is its UTF-8 bytes, decoded back.
    expect(parseFormParams("é%2B%=x+y")).toEqual([["é+%", "x y"]]);
  });
});
