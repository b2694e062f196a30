import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { baseString, createHmacSha1, type EncodedParam, encodeSearchParams, OAuth1Signer, parseForm, percentEncode, reencodeFormComponent, signingTarget } from "../src/oauth1.js";

// Characters that break naive signers: reserved, sub-delims, "+", "%", spaces, unicode, emoji.
const tricky = fc.constantFrom(" ", "+", "%", "=", "&", "!", "*", "'", "(", ")", "~", "@", "/", "?", ":", ";", ",", "[", "]", "é", "☃", "😀", "\u00a0", "a", "Z", "0", "-", "_", ".");
const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 8 }), fc.array(tricky, { maxLength: 8 }).map((a) => a.join("")));
const pairs = fc.array(fc.tuple(text, text), { maxLength: 6 });

describe("RFC 5849 §3.6 percent-encoding (property)", () => {
  it("escapes all but the unreserved set, upper-case hex, and decodes back", () => {
    fc.assert(
      fc.property(text, (s) => {
        const e = percentEncode(s);
        expect(e).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(e)).toBe(s);
      }),
    );
  });

  it("re-encoding a form component equals encoding what URLSearchParams decodes from it (+ or %20 for spaces, any case of hex)", () => {
    fc.assert(
      fc.property(text, fc.boolean(), fc.boolean(), (s, plus, lower) => {
        let raw = encodeURIComponent(s);
        if (plus) raw = raw.replace(/%20/g, "+");
        if (lower) raw = raw.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
        expect(reencodeFormComponent(raw)).toBe(percentEncode(s));
        expect(reencodeFormComponent(raw)).toBe(percentEncode(new URLSearchParams(`x=${raw}`).get("x")!));
      }),
    );
  });
});

describe("§3.4.1.3 parameters (property)", () => {
  it("a form string and its URLSearchParams give the same encoded pairs, and so does the URL query", () => {
    fc.assert(
      fc.property(pairs, (p) => {
        const params = new URLSearchParams(p);
        const expected = encodeSearchParams(params);
        expect(parseForm(params.toString())).toEqual(expected);
        expect(signingTarget(`https://h.test/p?${params}`).query).toEqual(expected);
      }),
    );
  });

  it("the base string does not depend on parameter order (§3.4.1.3.2 sorts)", () => {
    fc.assert(
      fc.property(pairs, fc.nat(), (p, seed) => {
        const encoded: EncodedParam[] = p.map(([k, v]) => [percentEncode(k), percentEncode(v)]);
        const shuffled = encoded.map((e, i) => [(i * 7919 + seed) % 1009, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
        expect(baseString("post", "x", [...shuffled])).toBe(baseString("POST", "x", [...encoded]));
      }),
    );
  });

  it("a URLSearchParams body and the same body as a string sign alike; a JSON body is not signed", () => {
    fc.assert(
      fc.property(pairs, (p) => {
        const signer = new OAuth1Signer({ consumerKey: "c", consumerSecret: "s", clock: () => 0, nonce: () => "n" });
        const body = new URLSearchParams(p);
        const url = "https://h.test/r?q=1";
        const a = signer.sign({ method: "POST", url, body, contentType: "application/x-www-form-urlencoded;charset=UTF-8" }, { key: "t", secret: "ts" });
        const b = signer.sign({ method: "POST", url, body: body.toString(), contentType: "application/x-www-form-urlencoded" }, { key: "t", secret: "ts" });
        expect(b.authorization).toBe(a.authorization);
        const j = signer.sign({ method: "POST", url, body: body.toString(), contentType: "application/json" }, { key: "t", secret: "ts" });
        expect(j.baseString).toBe(signer.sign({ method: "POST", url }, { key: "t", secret: "ts" }).baseString);
      }),
    );
  });
});

describe("HMAC-SHA1 (property)", () => {
  it("node:crypto and @noble/hashes agree for any key and message", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 100 }), fc.string({ unit: "grapheme", maxLength: 300 }), (key, message) => {
        expect(createHmacSha1(key, "noble")(message)).toBe(createHmacSha1(key, "node")(message));
      }),
    );
  });
});
