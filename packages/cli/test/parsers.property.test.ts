/**
 * Property tests for every parser of outside input in the CLI: the command line (parseArgs
 * wrapper), `request`'s METHOD / URL|path / -H / -d / --data-raw, and the token file read by the
 * fast path and `status`. Values come from argv, which Node decodes from UTF-8 (never a lone
 * surrogate), so strings are drawn as whole graphemes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCliConfig } from "../src/cli-config.js";
import { parse } from "../src/main.js";
import { buildRequest } from "../src/request.js";
import { checkProfile, freshStoredToken, normalizeBaseUrl, readFileToken, readIndex, storeKey, storeLocation } from "../src/store.js";
import { CliError, UsageError } from "../src/ui.js";

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

describe("token index and file (fast path and status)", () => {
  const dir = mkdtempSync(join(tmpdir(), "auth-token-prop-"));
  const file = join(dir, "tokens.json");
  const location = storeLocation({ store: file }, {});
  const KEY = "metapack|https://a.example.com|id|default";

  it("property: any token file content reads as a well-formed token or nothing", () => {
    const json = fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ [KEY]: v })), fc.string({ unit: "binary", maxLength: 60 }));
    fc.assert(
      fc.property(json, (content) => {
        writeFileSync(file, content);
        const t = readFileToken(file, KEY);
        if (t !== undefined) {
          expect(typeof t.accessToken).toBe("string");
          expect(Array.isArray(t.scopes)).toBe(true);
        }
      }),
    );
  });

  it("property: any index content gives well-formed entries or none (status), and the fast path answers a token or nothing", async () => {
    const json = fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ [KEY]: v })), fc.string({ unit: "binary", maxLength: 60 }));
    await fc.assert(
      fc.asyncProperty(json, async (content) => {
        writeFileSync(location.indexPath, content);
        writeFileSync(file, JSON.stringify({ [KEY]: { accessToken: "t", tokenType: "Bearer", scopes: [] } }));
        for (const [, e] of readIndex(location.indexPath)) {
          expect(typeof e.provider).toBe("string");
          expect(["keyring", "file"]).toContain(e.backend);
          expect(e.refreshAt === null || typeof e.refreshAt === "number").toBe(true);
        }
        const t = await freshStoredToken(location, KEY);
        if (t !== undefined) expect(t.accessToken).toBe("t");
      }),
      { numRuns: 60 },
    );
  });

  it("property: distinct (provider, base URL, account, profile) never share a key (accounts may hold |)", () => {
    const profile = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);
    const tuple = fc.tuple(fc.constantFrom("metapack", "configapi", "example"), fc.webUrl().filter((u) => !u.includes("|")), text, profile);
    fc.assert(
      fc.property(tuple, tuple, (a, b) => {
        const norm = (t: typeof a) => [t[0], normalizeBaseUrl(t[1]), t[2], t[3]].join("\u0000");
        if (norm(a) !== norm(b)) expect(storeKey(...a)).not.toBe(storeKey(...b));
        else expect(storeKey(...a)).toBe(storeKey(...b));
      }),
    );
  });

  it("property: a profile name is accepted or a usage error, never anything else", () => {
    fc.assert(
      fc.property(text, (name) => {
        const r = usageOrValue(() => checkProfile(name));
        if (typeof r === "string") expect(r).toBe(name);
      }),
    );
  });

  it("property: any config.json content is a configuration or a CliError naming the file", () => {
    const home = mkdtempSync(join(tmpdir(), "auth-token-cfg-"));
    mkdirSync(join(home, "auth-token"), { recursive: true });
    const content = fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ providers: ["@a/b"], profiles: v })), fc.string({ unit: "binary", maxLength: 60 }));
    fc.assert(
      fc.property(content, (c) => {
        writeFileSync(join(home, "auth-token", "config.json"), c);
        try {
          const cfg = readCliConfig({ XDG_CONFIG_HOME: home });
          expect(Array.isArray(cfg.providers)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(CliError);
          expect((error as Error).message).toContain("config.json");
        }
      }),
    );
  });
});
