import fc from "fast-check";
import OAuth from "oauth-1.0a";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeForm, decodeFormComponent } from "../src/oauth1/normalized-request.js";
import { hmacSigningKey, OAuth1Signer } from "../src/oauth1.js";

// The default signer signs through oauth-1.0a; one given a signingKey builds the base string
// itself (base-string.ts). Both must agree byte for byte on every request.
const options = { consumerKey: "ck", consumerSecret: "c s+&", clock: () => 1_700_000_000_000, nonce: () => "n0nce" };
const viaLibrary = () => new OAuth1Signer(options);
const ownBaseString = () => new OAuth1Signer({ ...options, signingKey: hmacSigningKey });
const token = { key: "tk", secret: "t&s" };

// Raw query / form text as real clients write it: +, %20, lower-case hex, stray %, encoded names.
const piece = fc.constantFrom("a", "b", "c%40", "C%40", "%2B", "+", "%20", "%e2%98%83", "%E2%98%83", "%", "%zz", "~", "é", "=", "!", "*", "(", "'", "", "x y");
const component = fc.array(piece, { maxLength: 4 }).map((a) => a.join("").replace(/[&=]/g, ""));
const rawForm = fc.array(fc.tuple(component, component), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));

afterEach(() => vi.restoreAllMocks());

describe("signing through oauth-1.0a (RFC 5849 §3.4.1 normalised first)", () => {
  it("the library is what signs an ordinary request, and it is not handed the query or a mutable object of the caller", () => {
    const authorize = vi.spyOn(OAuth.prototype, "authorize");
    const body = new URLSearchParams({ name: "Holiday photo", tags: "a+b" });
    viaLibrary().sign({ method: "POST", url: "https://H.example.com:443/p/?a=1+2&c%40=x&a=0", body }, token);
    expect(authorize).toHaveBeenCalledTimes(1);
    const [request] = authorize.mock.calls[0]!;
    expect(request.url).toBe("https://h.example.com/p/");
    expect(request.data).toMatchObject({ a: ["1 2", "0"], "c@": "x", name: "Holiday photo", tags: "a+b" });
    expect(body.toString()).toBe("name=Holiday+photo&tags=a%2Bb");
  });

  it("agrees with the signer's own base string for any query and form body (property)", () => {
    fc.assert(
      fc.property(rawForm, rawForm, fc.boolean(), (query, form, asParams) => {
        const body = asParams ? new URLSearchParams(form) : form;
        const request = { method: "post", url: `https://api.example.com/v1/x?${query}`, body, contentType: "application/x-www-form-urlencoded" };
        const a = viaLibrary().sign(request, token, { oauth_verifier: "v+1" });
        const b = ownBaseString().sign(request, token, { oauth_verifier: "v+1" });
        expect(a.baseString).toBe(b.baseString);
        expect(a.authorization).toBe(b.authorization);
      }),
    );
  });

  it("octets that are not UTF-8, oauth_* and __proto__ parameters are signed by the signer's own base string", () => {
    const authorize = vi.spyOn(OAuth.prototype, "authorize");
    for (const url of ["https://a.test/?x=%FF", "https://a.test/?oauth_foo=1", "https://a.test/?__proto__=1"]) {
      const a = viaLibrary().sign({ method: "GET", url }, token);
      expect(a.baseString).toBe(ownBaseString().sign({ method: "GET", url }, token).baseString);
    }
    expect(authorize).not.toHaveBeenCalled();
    expect(viaLibrary().sign({ method: "GET", url: "https://a.test/?x=%FF" }, token).baseString).toContain("x%3D%25FF");
  });
});

describe("§3.4.1.3.1 decoding", () => {
  it("+ is a space, a stray % is literal, names are decoded, non-UTF-8 is refused", () => {
    expect(decodeFormComponent("a+b%2B")).toBe("a b+");
    expect(decodeFormComponent("100%")).toBe("100%");
    expect(decodeFormComponent("%zz%41")).toBe("%zzA");
    expect(decodeFormComponent("%FF")).toBeUndefined();
    expect(decodeForm("c%40=1&&d&e=")).toEqual([
      ["c@", "1"],
      ["d", ""],
      ["e", ""],
    ]);
  });

  it("is linear on hostile input", () => {
    const hostile = `${"%".repeat(100_000)}${"+&=".repeat(50_000)}`;
    const start = performance.now();
    decodeForm(hostile);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
