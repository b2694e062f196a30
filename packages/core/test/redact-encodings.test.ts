// Issue 10 item 6: redact() recognises a secret in every encoding a server or a log may echo it
// in, and bodyExcerpt / parseTokenResponse redact before they cut. Canary values: any
// 6-character window of one in the output is a leak.
import { startServer, type TestServer } from "@auth/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { basicAuthorization, bodyExcerpt, InvalidTokenResponseError, parseTokenResponse, redact, requestToken, Secret, TokenEndpointError } from "../src/index.js";

const SECRET = "Canary<S3cr3t>&\"quote'/é+ 100%";
const ID = "client id@x";

/** Every 6-character window of `secret` that has a letter or digit in it and shows up in `out`. */
function leaks(out: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 6 <= secret.length; i++) {
    const w = secret.slice(i, i + 6);
    if (/[A-Za-z0-9]{3}/.test(w) && out.includes(w)) found.push(w);
  }
  return found;
}

const hex4 = (c: number, upper: boolean) => {
  const h = c.toString(16).padStart(4, "0");
  return `\\u${upper ? h.toUpperCase() : h}`;
};
// Every UTF-16 unit as \uXXXX (an astral character as its surrogate pair, as JSON writes it).
const allU = (s: string, upper = false) => Array.from({ length: s.length }, (_, k) => hex4(s.charCodeAt(k), upper)).join("");
const pct = (s: string, lower = false) => {
  const e = encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return lower ? e.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) : e;
};
const form = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** The encodings a server, a proxy or a log may echo a value in. */
const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  "JSON (JSON.stringify)": (s) => JSON.stringify(s).slice(1, -1),
  "JSON, every character \\u-escaped (lower hex)": (s) => allU(s),
  "JSON, every character \\u-escaped (upper hex)": (s) => allU(s, true),
  "JSON, Python ensure_ascii (non-ASCII as \\u00e9)": (s) => JSON.stringify(s).slice(1, -1).replace(/[^\x20-\x7e]/g, (c) => hex4(c.charCodeAt(0), false)),
  "JSON, Go HTML-safe (<, >, & as \\u003c…)": (s) => JSON.stringify(s).slice(1, -1).replace(/[<>&]/g, (c) => hex4(c.charCodeAt(0), false)),
  "JSON, PHP (\\/ for /)": (s) => JSON.stringify(s).slice(1, -1).replaceAll("/", "\\/"),
  "HTML named entities": (s) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;"),
  "HTML &#x27; and numeric for everything": (s) => [...s].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(""),
  "HTML decimal for everything": (s) => [...s].map((c) => `&#${c.codePointAt(0)};`).join(""),
  "percent-encoded (upper hex)": (s) => pct(s),
  "percent-encoded (lower hex)": (s) => pct(s, true),
  "percent-encoded twice": (s) => pct(pct(s)),
  "percent-encoded twice (lower hex)": (s) => pct(pct(s), true),
  "form-encoded (+ for space)": (s) => form(s),
  "form-encoded twice": (s) => form(form(s)),
};

describe("redact: the secret in every encoding", () => {
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    test(name, () => {
      const encoded = encode(SECRET);
      for (const s of [SECRET, new Secret(SECRET)]) {
        const out = redact(`before ${encoded} after`, [s]);
        expect(out, `${name}: ${encoded}`).toBe("before [redacted] after");
        expect(leaks(bodyExcerpt(`<p>error: ${encoded}</p>`, [s], 10_000), SECRET)).toEqual([]);
      }
    });
  }

  test("Base64 of id:secret, for a registered Basic pair (raw and form-encoded first, standard and URL-safe, padded or not)", () => {
    const pair = { basic: [ID, new Secret(SECRET)] as const };
    const header = basicAuthorization(ID, SECRET).slice(6);
    for (const echoed of [b64(`${ID}:${SECRET}`), b64(`${form(ID)}:${form(SECRET)}`), header, header.replace(/=+$/, ""), b64(`${ID}:${SECRET}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")]) {
      expect(redact(`Authorization: Basic ${echoed}`, [pair])).toBe("Authorization: Basic [redacted]");
    }
    // and the secret itself, as for a plain value
    expect(redact(`x ${pct(SECRET)} y`, [pair])).toBe("x [redacted] y");
  });

  test("property: a random secret in a random encoding, inside random text, never survives", () => {
    const secret = fc.string({ unit: fc.constantFrom(...[..."ABCDEFGHJKLMNPQRSTUVWXYZ0123456789<>\"'&/+ %é😀\\"]), minLength: 8, maxLength: 30 }).filter((s) => /[A-Z0-9]{3}/.test(s));
    const text = fc.string({ unit: fc.constantFrom(..."abc <>&;%+\\\"'=:,{}#x".split("")), maxLength: 30 });
    fc.assert(
      fc.property(text, secret, text, fc.constantFrom(...Object.values(ENCODINGS)), (before, s, after, encode) => {
        // An escape character just before changes what the encoded secret decodes to ("\\" +
        // "\u0041…" is a backslash, "u0041" and the rest): the text then does not hold the secret.
        fc.pre(!/[\\%&]$|%[0-9a-fA-F]$/.test(before));
        const out = redact(`${before}${encode(s)}${after}`, [s]);
        expect(out).toContain("[redacted]");
        expect(leaks(out, s)).toEqual([]);
      }),
      { numRuns: 5000 },
    );
  });

  test("values shorter than 4 characters are left alone (they would match everywhere)", () => {
    expect(redact("a abc b", ["abc"])).toBe("a abc b");
  });
});

describe("redact before cut", () => {
  test("parseTokenResponse does not quote a cut token_type or expires_in (a prefix of an echoed secret)", () => {
    const long = `${SECRET}${SECRET}`;
    for (const body of [{ access_token: "t", token_type: long }, { access_token: "t", expires_in: long }]) {
      let error: unknown;
      try {
        parseTokenResponse(body, { now: 0, acceptTokenTypes: ["Bearer"] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidTokenResponseError);
      expect(leaks((error as Error).message, SECRET)).toEqual([]);
    }
    // a short type name is still quoted, after redaction
    expect(() => parseTokenResponse({ access_token: "t", token_type: "mac" }, { now: 0, acceptTokenTypes: ["Bearer"] })).toThrow('token_type "mac"');
  });

  test("bodyExcerpt redacts its whole window before cutting, even when the window ends inside a secret", () => {
    for (const pad of [0, 1, 5, 64 * 1024 - 10, 64 * 1024 - 3, 64 * 1024]) {
      for (const encode of Object.values(ENCODINGS)) {
        const body = `${"<b>".repeat(Math.floor(pad / 3))}${encode(SECRET)} tail`;
        expect(leaks(bodyExcerpt(body, [SECRET]), SECRET)).toEqual([]);
      }
    }
  });
});

describe("through a real server that echoes the client secret in each encoding", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((ctx) => {
      const sent = new URLSearchParams(ctx.body).get("client_secret") ?? Buffer.from((ctx.req.headers.authorization ?? "").slice(6), "base64").toString();
      const secret = sent.includes(":") ? decodeURIComponent(sent.slice(sent.indexOf(":") + 1).replaceAll("+", " ")) : sent;
      const encode = Object.values(ENCODINGS)[Number(ctx.url.pathname.slice(1))]!;
      ctx.send(500, `<html><body><h1>Error</h1><pre>received ${encode(secret)} and ${ctx.req.headers.authorization ?? ""}</pre></body></html>`, {
        "content-type": "text/html",
      });
    });
  });
  afterAll(() => server.close());

  for (const [i, name] of Object.keys(ENCODINGS).entries()) {
    test(name, async () => {
      for (const clientAuth of [
        { method: "post" as const, clientId: ID, clientSecret: new Secret(SECRET) },
        { method: "basic" as const, clientId: ID, clientSecret: new Secret(SECRET) },
      ]) {
        const error = await requestToken({ url: `${server.url}/${i}`, params: { grant_type: "client_credentials" }, clientAuth, retry: 0 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TokenEndpointError);
        const e = error as TokenEndpointError;
        expect(e.message).toContain("[redacted]");
        for (const text of [e.message, e.hint ?? "", e.stack ?? "", JSON.stringify(e)]) expect(leaks(text, SECRET)).toEqual([]);
      }
    });
  }
});
