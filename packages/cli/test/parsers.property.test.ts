/**
 * Property tests for every parser of outside input in the CLI: the command line (parseArgs
 * wrapper), `request`'s METHOD / URL|path / -H / -d / --data-raw, and the token file read by the
 * fast path and `status`. Values come from argv, which Node decodes from UTF-8 (never a lone
 * surrogate), so strings are drawn as whole graphemes.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildRequest } from "../src/commands.js";
import { parse } from "../src/main.js";
import { isFresh, parseStoreKey, readAllTokens, readStoredToken, storeKey } from "../src/store.js";
import { UsageError } from "../src/ui.js";

const text = fc.string({ unit: "grapheme", maxLength: 40 });
const BASE = "https://api.example.com/v1";

/** Runs f; anything thrown must be a UsageError (exit 2), never a raw TypeError/URIError. */
function usageOrValue<T>(f: () => T): T | UsageError {
  try {
    return f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
}

describe("command line (parse)", () => {
  it("property: any argv parses or is a UsageError", () => {
    fc.assert(fc.property(fc.array(fc.oneof(text, fc.constantFrom("-d", "-H", "--json", "--store", "--port", "--data-raw", "--", "-x", "--bogus")), { maxLength: 8 }), (argv) => {
      usageOrValue(() => parse(argv));
    }));
  });

  it("property: repeated -d / -H and --data-raw values round-trip exactly, in order (the --opt=value form takes any value)", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), fc.array(text, { maxLength: 4 }), text, (data, headers, raw) => {
        const argv = ["bynder", "request", "POST", "/p", ...data.map((d) => `--data=${d}`), ...headers.map((h) => `--header=${h}`), `--data-raw=${raw}`];
        const { positionals, flags } = parse(argv);
        expect(positionals).toEqual(["bynder", "request", "POST", "/p"]);
        expect(flags.data ?? []).toEqual(data);
        expect(flags.header ?? []).toEqual(headers);
        expect(flags["data-raw"]).toBe(raw);
      }),
    );
  });

  it("property: short -d VALUE and -H VALUE take the next argument when it does not look like an option", () => {
    const value = text.filter((s) => !s.startsWith("-"));
    fc.assert(
      fc.property(value, value, (d, h) => {
        const { flags } = parse(["x", "request", "GET", "/", "-d", d, "-H", h]);
        expect(flags.data).toEqual([d]);
        expect(flags.header).toEqual([h]);
      }),
    );
  });
});

describe("request arguments (buildRequest)", () => {
  const key = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).filter((k) => !k.includes("="));
  const pair = fc.tuple(key, text);

  it("property: -d pairs go into the query for GET/HEAD/DELETE/OPTIONS and round-trip, beside an existing query", () => {
    fc.assert(
      fc.property(fc.constantFrom("get", "GET", "head", "Delete", "OPTIONS"), fc.array(pair, { minLength: 1, maxLength: 5 }), fc.boolean(), (method, pairs, withQuery) => {
        const { url, init } = buildRequest(BASE, method, withQuery ? "/items?a=1" : "items", pairs.map(([k, v]) => `${k}=${v}`), undefined, []);
        const u = new URL(url);
        expect(u.origin + u.pathname).toBe(`${BASE}/items`);
        expect([...u.searchParams]).toEqual([...(withQuery ? [["a", "1"]] : []), ...pairs]);
        expect(u.search).not.toMatch(/\+/); // spaces as %20 (a + is literal to OAuth 1.0a signers)
        expect(init.method).toBe(method.toUpperCase());
        expect(init.body).toBeUndefined();
      }),
    );
  });

  it("property: -d pairs become a form body for other methods and round-trip; the split is at the first =", () => {
    fc.assert(
      fc.property(fc.constantFrom("POST", "put", "PATCH"), fc.array(pair, { minLength: 1, maxLength: 5 }), (method, pairs) => {
        const { url, init } = buildRequest(BASE, method, "/items", pairs.map(([k, v]) => `${k}=${v}`), undefined, []);
        expect(url).toBe(`${BASE}/items`);
        expect(new Headers(init.headers).get("content-type")).toBe("application/x-www-form-urlencoded");
        expect([...new URLSearchParams(init.body as string)]).toEqual(pairs);
      }),
    );
  });

  it("property: --data-raw is sent byte for byte; an explicit Content-Type wins", () => {
    fc.assert(
      fc.property(text, fc.boolean(), (raw, json) => {
        const { init } = buildRequest(BASE, "POST", "/x", [], raw, json ? ["Content-Type: application/json"] : []);
        expect(init.body).toBe(raw);
        expect(new Headers(init.headers).get("content-type")).toBe(json ? "application/json" : "application/x-www-form-urlencoded");
      }),
    );
  });

  it("property: a valid 'Name: value' header round-trips (value trimmed); anything else is a UsageError", () => {
    const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/);
    const value = fc.stringMatching(/^[\x20-\x7e]{0,30}$/);
    fc.assert(
      fc.property(token, value, (name, v) => {
        const { init } = buildRequest(BASE, "GET", "/", [], undefined, [`${name}:${v}`]);
        expect(new Headers(init.headers).get(name)).toBe(v.trim());
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (line) => {
        usageOrValue(() => buildRequest(BASE, "GET", "/", [], undefined, [line]));
      }),
    );
  });

  it("property: hostile METHOD, path, -d and -H give a request or a UsageError, never another exception", () => {
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 3 }), fc.option(text, { nil: undefined }), fc.array(text, { maxLength: 3 }), (method, target, data, raw, headers) => {
        usageOrValue(() => buildRequest(BASE, method, target, data, raw, headers));
      }),
    );
  });

  it("property: a path never leaves the configured origin (the token goes only where the user pointed it)", () => {
    fc.assert(
      fc.property(text.filter((t) => !/^https?:\/\//i.test(t)), (target) => {
        const r = usageOrValue(() => buildRequest(BASE, "GET", target, [], undefined, []));
        if (r instanceof UsageError) return;
        const u = new URL(r.url);
        expect(u.origin).toBe("https://api.example.com");
        expect(u.username + u.password).toBe("");
      }),
    );
  });

  it("-d without = and -d together with --data-raw are usage errors", () => {
    expect(() => buildRequest(BASE, "POST", "/", ["novalue"], undefined, [])).toThrow(UsageError);
    expect(() => buildRequest(BASE, "POST", "/", ["=v"], undefined, [])).toThrow(UsageError);
    expect(() => buildRequest(BASE, "POST", "/", ["a=b"], "raw", [])).toThrow(UsageError);
    expect(() => buildRequest(BASE, "G ET", "/", [], undefined, [])).toThrow(UsageError);
  });
});

describe("token file (fast path and status)", () => {
  const dir = mkdtempSync(join(tmpdir(), "auth-token-prop-"));
  const file = join(dir, "tokens.json");

  it("property: any file content reads as a well-formed token or nothing (fast path), and status never crashes on it", () => {
    const json = fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ "metapack|https://a.example.com|id": v })), fc.string({ unit: "binary", maxLength: 60 }));
    fc.assert(
      fc.property(json, (content) => {
        writeFileSync(file, content);
        const t = readStoredToken(file, "metapack|https://a.example.com|id");
        if (t !== undefined) {
          expect(typeof t.accessToken).toBe("string");
          expect(Array.isArray(t.scopes)).toBe(true);
          expect(typeof isFresh(t)).toBe("boolean");
        }
        let all: ReturnType<typeof readAllTokens> = [];
        try {
          all = readAllTokens(file);
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError); // status reports an unreadable file
        }
        for (const [, tok] of all) expect(typeof tok.accessToken).toBe("string");
      }),
    );
  });

  it("property: store keys round-trip provider, base URL and account (accounts may hold |)", () => {
    fc.assert(
      fc.property(fc.constantFrom("metapack", "configapi", "bynder", "imagen" as const), fc.webUrl().filter((u) => !u.includes("|")), text, (provider, baseUrl, account) => {
        const parsed = parseStoreKey(storeKey(provider, baseUrl, account));
        expect(parsed).toEqual({ provider, baseUrl: baseUrl.trim().replace(/\/+$/, ""), account });
      }),
    );
  });
});
