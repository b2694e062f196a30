import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PropertiesSyntaxError, parseProperties } from "../src/properties.js";

const parse = (text: string) => Object.fromEntries(parseProperties(text));

describe("java.util.Properties semantics", () => {
  test("the examples of the Properties.load documentation", () => {
    const text = [
      "Truth = Beauty",
      "  Truth:Beauty",
      "Truth                    :Beauty",
      "fruits                           apple, banana, pear, \\",
      "                                  cantaloupe, watermelon, \\",
      "                                  kiwi, mango",
      "cheeses",
    ].join("\n");
    expect(parse(text)).toEqual({ Truth: "Beauty", fruits: "apple, banana, pear, cantaloupe, watermelon, kiwi, mango", cheeses: "" });
  });

  test("the document's apiKey.properties layout", () => {
    expect(parse("apiKey.id = 1DR3434KDFJLR32L53L4235J6\napiKey.secret = wqe34tyyh7679jokkDa$7df46bbbbjui+b7-sdfsdfY\n")).toEqual({
      "apiKey.id": "1DR3434KDFJLR32L53L4235J6",
      "apiKey.secret": "wqe34tyyh7679jokkDa$7df46bbbbjui+b7-sdfsdfY",
    });
  });

  test("separators, whitespace and comments", () => {
    expect(parse("a=1\nb:2\nc 3\n\td\t=\t4\ne\f:5\n# x=1\n  ! y=2\n\n   \nf==6\ng =: 7\nh")).toEqual({
      a: "1",
      b: "2",
      c: "3",
      d: "4",
      e: "5",
      f: "=6",
      g: ": 7",
      h: "",
    });
    expect(parse("k = v  ")).toEqual({ k: "v  " });
    expect(parse("=v\n:w")).toEqual({ "": "w" });
    expect(parse("a#b=c!d")).toEqual({ "a#b": "c!d" });
  });

  test("line terminators and continuations", () => {
    expect(parse("a=1\r\nb=2\rc=3")).toEqual({ a: "1", b: "2", c: "3" });
    expect(parse("a=x\\\n   y\\\r\n\tz")).toEqual({ a: "xyz" });
    expect(parse("a=x\\\\\nb=y")).toEqual({ a: "x\\", b: "y" });
    expect(parse("a=x\\\\\\\ny")).toEqual({ a: "x\\y" });
    // A comment never continues; a continued line may start with "#".
    expect(parse("# c \\\na=1")).toEqual({ a: "1" });
    expect(parse("a=1\\\n# not a comment")).toEqual({ a: "1# not a comment" });
    // An empty continuation line ends the logical line.
    expect(parse("a=1\\\n\nb=2")).toEqual({ a: "1", b: "2" });
    // A backslash at the end of the text is dropped.
    expect(parse("a=1\\")).toEqual({ a: "1" });
    expect(parse("key\\\n  rest=v")).toEqual({ keyrest: "v" });
  });

  test("escapes", () => {
    expect(parse("a\\ b\\=c\\:d = \\ v\\t\\n\\r\\f\\\\\\q\\u00e9\\u20AC")).toEqual({ "a b=c:d": " v\t\n\r\f\\q\u00e9\u20ac" });
    expect(() => parse("ok=1\nb=\\u00zz")).toThrow(PropertiesSyntaxError);
    const error = (() => {
      try {
        parse("ok=1\nb=top-secret\\u12");
      } catch (e) {
        return e as PropertiesSyntaxError;
      }
    })();
    expect(error?.line).toBe(2);
    expect(String(error)).not.toContain("top-secret");
  });

  test("later keys win; a byte-order mark is ignored", () => {
    expect(parse("\uFEFFa=1\na=2")).toEqual({ a: "2" });
  });
});

// Java's Properties.store escaping, written independently of the parser.
function escapeJava(s: string, isKey: boolean): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    if (c === " ") out += i === 0 || isKey ? "\\ " : " ";
    else if (c === "\t") out += "\\t";
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\f") out += "\\f";
    else if ("=:#!\\".includes(c)) out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += c;
  }
  return out;
}

// Break an escaped line into continuation lines at safe points (not inside an escape).
function wrap(line: string, cuts: number[], indent: string): string {
  let out = "";
  let last = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= last || cut >= line.length) continue;
    // Do not cut after an odd run of backslashes (an escape in progress) or inside \uXXXX.
    const before = line.slice(0, cut);
    if (/(^|[^\\])(\\\\)*\\$/.test(before) || /\\u[0-9a-fA-F]{0,3}$/.test(before)) continue;
    // The continuation drops leading whitespace: do not cut right before an unescaped blank.
    if (/^[ \t\f]/.test(line.slice(cut))) continue;
    out += `${line.slice(last, cut)}\\\n${indent}`;
    last = cut;
  }
  return out + line.slice(last);
}

const text = fc.string({ unit: "binary", maxLength: 30 });
const entries = fc.array(fc.tuple(text, text, fc.constantFrom("=", ":", " ", " = ", "\t:  "), fc.array(fc.nat(60), { maxLength: 3 })), {
  maxLength: 12,
});

describe("round trip (property)", () => {
  test("whatever keys and values, written with escapes, separators, comments and continuations, read back", () => {
    fc.assert(
      fc.property(entries, fc.constantFrom("\n", "\r\n", "\r"), fc.constantFrom("", "  ", "\t"), (list, eol, indent) => {
        const expected = new Map<string, string>();
        const lines = ["# written by the test", "! another comment", ""];
        for (const [k, v, sep, cuts] of list) {
          expected.set(k, v);
          // An empty key needs an explicit "=" or ":" (a blank line is skipped), as Properties.store writes it.
          const separator = k === "" && !/[=:]/.test(sep) ? "=" : sep;
          lines.push(`${indent}${wrap(escapeJava(k, true) + separator + escapeJava(v, false), cuts, indent)}`.replace(/\n/g, eol));
          if (cuts.length === 2) lines.push("");
        }
        expect(parseProperties(lines.join(eol))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  test("any text parses or fails with PropertiesSyntaxError, and never loses a plain key=value line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (junk) => {
        try {
          parseProperties(junk);
        } catch (e) {
          expect(e).toBeInstanceOf(PropertiesSyntaxError);
        }
        const safe = junk.replace(/\\/g, "");
        expect(parseProperties(`${safe}\nzz.key=value`).get("zz.key")).toBe("value");
      }),
      { numRuns: 500 },
    );
  });
});
