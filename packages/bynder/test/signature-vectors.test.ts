import OAuth from "oauth-1.0a";
import { describe, expect, it } from "vitest";
import { baseString, type EncodedParam, parseForm, signingTarget } from "../src/base-string.js";
import { createHmacSha1 } from "../src/hmac-sha1.js";
import { percentEncode, reencodeFormComponent } from "../src/percent-encode.js";
import { OAuth1Signer } from "../src/signer.js";

/** Base string + signature with arbitrary oauth_* parameters (the RFC examples use oauth_callback / oauth_verifier and no oauth_version). */
function rfcSign(method: string, url: string, oauth: Record<string, string>, body: string | undefined, consumerSecret: string, tokenSecret: string) {
  const t = signingTarget(url);
  const params: EncodedParam[] = [...t.query, ...(body === undefined ? [] : parseForm(body))];
  for (const [k, v] of Object.entries(oauth)) params.push([percentEncode(k), percentEncode(v)]);
  const base = baseString(method, t.encodedBaseUri, params);
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return { base, signature: createHmacSha1(key, "node")(base), noble: createHmacSha1(key, "noble")(base) };
}

const parseHeader = (h: string) => Object.fromEntries([...h.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));

describe("RFC 5849 §1.2 (photos.example.net)", () => {
  it("temporary credentials request", () => {
    const r = rfcSign(
      "POST",
      "https://photos.example.net/initiate",
      { oauth_consumer_key: "dpf43f3p2l4k3l03", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131200", oauth_nonce: "wIjqoS", oauth_callback: "http://printer.example.com/ready" },
      undefined,
      "kd94hf93k423kf44",
      "",
    );
    // RFC 5849 §1.2 prints oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D".
    expect(r.signature).toBe("74KNZJeDHnMBp0EMJ9ZHt/XKycU=");
    expect(r.noble).toBe(r.signature);
  });

  it("token request", () => {
    const r = rfcSign(
      "POST",
      "https://photos.example.net/token",
      { oauth_consumer_key: "dpf43f3p2l4k3l03", oauth_token: "hh5s93j4hdidpola", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131201", oauth_nonce: "walatlh", oauth_verifier: "hfdp7dh39dks9884" },
      undefined,
      "kd94hf93k423kf44",
      "hdhd0244k9j7ao03",
    );
    expect(r.signature).toBe("gKgrFCywp7rO0OXSjdot/IHF7IU=");
  });

  it("protected resource request", () => {
    const r = rfcSign(
      "GET",
      "http://photos.example.net/photos?file=vacation.jpg&size=original",
      { oauth_consumer_key: "dpf43f3p2l4k3l03", oauth_token: "nnch734d00sl2jdk", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131202", oauth_nonce: "chapoH" },
      undefined,
      "kd94hf93k423kf44",
      "pfkkdhi9sl3r4s00",
    );
    expect(r.signature).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
  });
});

describe("RFC 5849 §3.4.1.1 base string example", () => {
  it("decodes names, keeps repeated names from query and body, treats + as space, sorts by value", () => {
    const r = rfcSign(
      "POST",
      "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
      { oauth_consumer_key: "9djdj82h48djs9d2", oauth_token: "kkk9d7dh3k39sjv7", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131201", oauth_nonce: "7d8f3e4a" },
      "c2&a3=2+q",
      "j49sk3j29djd",
      "dh893hdasih9",
    );
    expect(r.base).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    );
    expect(r.signature).toBe("r6/TJjbCOr97/+UU0NsvSne7s5g=");
  });

  it("§3.4.1.2 base string URI: lower-case scheme and host, no default port", () => {
    expect(signingTarget("HTTP://EXAMPLE.COM:80/r%20v/X?id=123").encodedBaseUri).toBe(percentEncode("http://example.com/r%20v/X"));
    expect(signingTarget("https://www.example.net:8080/?q=1").encodedBaseUri).toBe(percentEncode("https://www.example.net:8080/"));
    expect(signingTarget("https://Company.Bynder.com:443").encodedBaseUri).toBe(percentEncode("https://company.bynder.com/"));
  });
});

describe("Twitter 'Creating a signature'", () => {
  it("signs the documented request to the byte", () => {
    const signer = new OAuth1Signer({
      consumerKey: "xvz1evFS4wEEPTGEFPHBog",
      consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
      clock: () => 1318622958_000,
      nonce: () => "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
    });
    const out = signer.sign(
      {
        method: "post",
        url: "https://api.twitter.com/1/statuses/update.json?include_entities=true",
        body: "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21",
        contentType: "application/x-www-form-urlencoded",
      },
      { key: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE" },
    );
    expect(out.baseString).toBe(
      "POST&https%3A%2F%2Fapi.twitter.com%2F1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521",
    );
    expect(parseHeader(out.authorization).oauth_signature).toBe("tnnArxj06cWHq44gCs1OSKk/jLY=");
    // The same body as URLSearchParams (as fetch sends it) signs the same.
    const again = new OAuth1Signer({
      consumerKey: "xvz1evFS4wEEPTGEFPHBog",
      consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
      clock: () => 1318622958_000,
      nonce: () => "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
      hmac: "noble",
    }).sign(
      { method: "POST", url: "https://api.twitter.com/1/statuses/update.json?include_entities=true", body: new URLSearchParams({ status: "Hello Ladies + Gentlemen, a signed OAuth request!" }) },
      { key: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE" },
    );
    expect(again.baseString).toBe(out.baseString);
    expect(parseHeader(again.authorization).oauth_signature).toBe("tnnArxj06cWHq44gCs1OSKk/jLY=");
  });

  it("header has the document's parameter order and separator", () => {
    const signer = new OAuth1Signer({ consumerKey: "CK", consumerSecret: "cs", clock: () => 1_700_000_000_000, nonce: () => "n0nce" });
    const h = signer.authorization({ method: "POST", url: "https://company.bynder.com/api/v4/oauth/access_token/" }, { key: "TK", secret: "ts" });
    expect(h).toMatch(/^OAuth oauth_consumer_key="CK",oauth_token="TK",oauth_signature_method="HMAC-SHA1",oauth_timestamp="1700000000",oauth_nonce="n0nce",oauth_version="1.0",oauth_signature="[A-Za-z0-9%]+"$/);
    const noToken = signer.authorization({ method: "POST", url: "https://company.bynder.com/api/v4/oauth/request_token/" });
    expect(noToken).not.toContain("oauth_token=");
  });
});

describe("edge cases (§3.4.1.3, §3.6)", () => {
  const enc = (s: string) => parseForm(s);
  it("re-encodes form components octet by octet", () => {
    expect(reencodeFormComponent("a+b")).toBe("a%20b");
    expect(reencodeFormComponent("a%2Bb")).toBe("a%2Bb");
    expect(reencodeFormComponent("c%40")).toBe("c%40");
    expect(reencodeFormComponent("%7e%41")).toBe("~A"); // unreserved escapes are decoded
    expect(reencodeFormComponent("%ff")).toBe("%FF"); // not UTF-8: the octet is kept
    expect(reencodeFormComponent("100%")).toBe("100%25"); // a lone % is literal
    expect(reencodeFormComponent("%zz")).toBe("%25zz");
    expect(reencodeFormComponent("!*'()")).toBe("%21%2A%27%28%29");
    expect(reencodeFormComponent("é☃😀")).toBe("%C3%A9%E2%98%83%F0%9F%98%80");
  });
  it("splits queries like URLSearchParams", () => {
    expect(enc("a=1&&b&c=&=d&e=f=g")).toEqual([
      ["a", "1"],
      ["b", ""],
      ["c", ""],
      ["", "d"],
      ["e", "f%3Dg"],
    ]);
  });
  it("percentEncode matches §3.6 (and oauth-1.0a's, where that is defined)", () => {
    const o = new OAuth({ consumer: { key: "k", secret: "s" }, signature_method: "HMAC-SHA1", hash_function: () => "" });
    for (const s of ["", "abc", "a b", "!*'()", "~-._", "é😀", "a+b=c&d", "%25"]) expect(percentEncode(s)).toBe(o.percentEncode(s));
    expect(percentEncode("\uD800x")).toBe("%EF%BF%BDx"); // lone surrogate -> U+FFFD, as fetch sends it
  });
  it("sorts by name then value in byte order (not by 'name=value')", () => {
    const t = signingTarget("https://x.test/p?a-b=1&a=2&a=10&A=3&%C3%A9=4&z=");
    const base = baseString("GET", t.encodedBaseUri, [...t.query]);
    expect(decodeURIComponent(base.split("&")[2]!)).toBe("%C3%A9=4&A=3&a=10&a=2&a-b=1&z=") // "%" (0x25) < "A" (0x41): encoded byte order;
  });
  it("keeps a trailing slash and path escapes; drops the fragment", () => {
    expect(signingTarget("https://h.test/api/v4/media/#frag").encodedBaseUri).toBe(percentEncode("https://h.test/api/v4/media/"));
    expect(signingTarget("https://h.test/a b/%7Ex").encodedBaseUri).toBe(percentEncode("https://h.test/a%20b/%7Ex"));
  });
  it("signs form bodies only when they are form-urlencoded", () => {
    const signer = new OAuth1Signer({ consumerKey: "c", consumerSecret: "s", clock: () => 0, nonce: () => "n" });
    const withForm = signer.sign({ method: "POST", url: "https://h.test/x", body: "a=1", contentType: "application/x-www-form-urlencoded; charset=UTF-8" });
    const json = signer.sign({ method: "POST", url: "https://h.test/x", body: '{"a":1}', contentType: "application/json" });
    expect(withForm.baseString).toContain("a%3D1");
    expect(json.baseString).not.toContain("a%3D1");
    expect(json.baseString).toBe(signer.sign({ method: "POST", url: "https://h.test/x" }).baseString);
  });
  it("agrees with oauth-1.0a where oauth-1.0a is right, and differs where TOOLCHAIN.md says it is wrong", () => {
    const fixed = { clock: () => 1_600_000_000_000, nonce: () => "abc" };
    const ours = new OAuth1Signer({ consumerKey: "ck", consumerSecret: "cs", ...fixed });
    const theirs = new OAuth({ consumer: { key: "ck", secret: "cs" }, signature_method: "HMAC-SHA1", hash_function: (b: string, k: string) => createHmacSha1(k)(b) });
    const oauthData = { oauth_consumer_key: "ck", oauth_nonce: "abc", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: 1600000000, oauth_version: "1.0", oauth_token: "tk" };
    const safe = { method: "GET", url: "https://company.bynder.com/api/v4/media/?limit=10&page=2&type=image" };
    expect(ours.sign(safe, { key: "tk", secret: "ts" }).baseString).toBe(theirs.getBaseString({ ...safe, data: {} }, { ...oauthData }));
    const plus = { method: "GET", url: "https://company.bynder.com/api/v4/media/?keyword=a+b" };
    expect(ours.sign(plus, { key: "tk", secret: "ts" }).baseString).toContain("keyword%3Da%2520b");
    expect(theirs.getBaseString({ ...plus, data: {} }, { ...oauthData })).toContain("keyword%3Da%252Bb");
  });
  it("never mutates the caller's request or body", () => {
    const signer = new OAuth1Signer({ consumerKey: "c", consumerSecret: "s", clock: () => 0 });
    const body = new URLSearchParams({ b: "2", a: "1" });
    const request = Object.freeze({ method: "post", url: "https://h.test/x?z=1", body, contentType: "application/x-www-form-urlencoded" });
    signer.sign(request, Object.freeze({ key: "t", secret: "s" }));
    expect(body.toString()).toBe("b=2&a=1");
    expect(request.method).toBe("post");
  });
  it("uses a fresh crypto-random nonce each time", () => {
    const signer = new OAuth1Signer({ consumerKey: "c", consumerSecret: "s", clock: () => 0 });
    const nonces = new Set(Array.from({ length: 2000 }, () => parseHeader(signer.authorization({ method: "GET", url: "https://h.test/" })).oauth_nonce));
    expect(nonces.size).toBe(2000);
    for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{32}$/);
  });
});
