import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../src/index.js";
import {
  baseString,
  createHmacSha1,
  type EncodedParam,
  hmacSigningKey,
  isFormContentType,
  OAuth1Signer,
  parseForm,
  percentEncode,
  reencodeFormComponent,
  signingTarget,
} from "../src/oauth1.js";

const parseHeader = (h: string) => Object.fromEntries([...h.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));

/** Base string + signature from the building blocks, with arbitrary oauth_* parameters. */
function rfcSign(method: string, url: string, oauth: Record<string, string>, body: string | undefined, consumerSecret: string, tokenSecret: string) {
  const t = signingTarget(url);
  const params: EncodedParam[] = [...t.query, ...(body === undefined ? [] : parseForm(body))];
  for (const [k, v] of Object.entries(oauth)) params.push([percentEncode(k), percentEncode(v)]);
  const base = baseString(method, t.encodedBaseUri, params);
  const key = hmacSigningKey(consumerSecret, tokenSecret);
  return { base, signature: createHmacSha1(key, "node")(base), noble: createHmacSha1(key, "noble")(base) };
}

// RFC 5849 §1.2 sends no oauth_version; callback and verifier are extra protocol parameters.
const photos = (nonce: string, timestamp: number) =>
  new OAuth1Signer({ consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44", clock: () => timestamp * 1000, nonce: () => nonce, version: false, realm: "Photos" });

describe("RFC 5849 §1.2 (photos.example.net), through the signer", () => {
  it("temporary credentials request (consumer only, oauth_callback)", () => {
    const out = photos("wIjqoS", 137131200).sign({ method: "POST", url: "https://photos.example.net/initiate" }, undefined, { oauth_callback: "http://printer.example.com/ready" });
    // §1.2 prints oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D".
    expect(out.authorization).toBe(
      'OAuth realm="Photos",oauth_consumer_key="dpf43f3p2l4k3l03",oauth_signature_method="HMAC-SHA1",oauth_timestamp="137131200",oauth_nonce="wIjqoS",oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready",oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D"',
    );
  });

  it("token request (temporary credentials, oauth_verifier)", () => {
    const out = photos("walatlh", 137131201).sign({ method: "POST", url: "https://photos.example.net/token" }, { key: "hh5s93j4hdidpola", secret: "hdhd0244k9j7ao03" }, { oauth_verifier: "hfdp7dh39dks9884" });
    expect(parseHeader(out.authorization).oauth_signature).toBe("gKgrFCywp7rO0OXSjdot/IHF7IU=");
  });

  it("protected resource request (query parameters)", () => {
    const out = photos("chapoH", 137131202).sign({ method: "GET", url: "http://photos.example.net/photos?file=vacation.jpg&size=original" }, { key: "nnch734d00sl2jdk", secret: "pfkkdhi9sl3r4s00" });
    expect(parseHeader(out.authorization).oauth_signature).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
  });

  it("the building blocks give the same, with node:crypto and @noble/hashes", () => {
    const r = rfcSign(
      "POST",
      "https://photos.example.net/initiate",
      { oauth_consumer_key: "dpf43f3p2l4k3l03", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131200", oauth_nonce: "wIjqoS", oauth_callback: "http://printer.example.com/ready" },
      undefined,
      "kd94hf93k423kf44",
      "",
    );
    expect(r.signature).toBe("74KNZJeDHnMBp0EMJ9ZHt/XKycU=");
    expect(r.noble).toBe(r.signature);
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
    expect(r.noble).toBe(r.signature);
  });

  it("§3.4.1.2 base string URI: lower-case scheme and host, no default port", () => {
    expect(signingTarget("HTTP://EXAMPLE.COM:80/r%20v/X?id=123").encodedBaseUri).toBe(percentEncode("http://example.com/r%20v/X"));
    expect(signingTarget("https://www.example.net:8080/?q=1").encodedBaseUri).toBe(percentEncode("https://www.example.net:8080/"));
    expect(signingTarget("https://Api.Example.com:443").encodedBaseUri).toBe(percentEncode("https://api.example.com/"));
  });
});

describe("Twitter 'Creating a signature'", () => {
  const consumer = { consumerKey: "xvz1evFS4wEEPTGEFPHBog", consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", clock: () => 1318622958_000, nonce: () => "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg" };
  const token = { key: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE" };

  it("signs the documented request to the byte", () => {
    const out = new OAuth1Signer(consumer).sign(
      {
        method: "post",
        url: "https://api.twitter.com/1/statuses/update.json?include_entities=true",
        body: "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21",
        contentType: "application/x-www-form-urlencoded",
      },
      token,
    );
    expect(out.baseString).toBe(
      "POST&https%3A%2F%2Fapi.twitter.com%2F1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521",
    );
    expect(parseHeader(out.authorization).oauth_signature).toBe("tnnArxj06cWHq44gCs1OSKk/jLY=");
    expect(out.timestamp).toBe("1318622958");
    expect(out.nonce).toBe("kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg");
  });

  it("the same body as URLSearchParams (as fetch sends it) signs the same, with @noble/hashes and a Secret-like token", () => {
    const again = new OAuth1Signer({ ...consumer, hmac: "noble" }).sign(
      { method: "POST", url: "https://api.twitter.com/1/statuses/update.json?include_entities=true", body: new URLSearchParams({ status: "Hello Ladies + Gentlemen, a signed OAuth request!" }) },
      { key: token.key, secret: { reveal: () => token.secret } },
    );
    expect(parseHeader(again.authorization).oauth_signature).toBe("tnnArxj06cWHq44gCs1OSKk/jLY=");
  });

  it("a custom signingKey is used, once per token", () => {
    const calls: [string, string][] = [];
    const signer = new OAuth1Signer({
      ...consumer,
      signingKey: (cs, ts) => {
        calls.push([cs, ts]);
        return hmacSigningKey(cs, ts);
      },
    });
    const request = { method: "POST", url: "https://api.twitter.com/1/statuses/update.json?include_entities=true", body: new URLSearchParams({ status: "Hello Ladies + Gentlemen, a signed OAuth request!" }) };
    for (let i = 0; i < 3; i++) expect(parseHeader(signer.authorization(request, token)).oauth_signature).toBe("tnnArxj06cWHq44gCs1OSKk/jLY=");
    expect(calls).toEqual([[consumer.consumerSecret, token.secret]]);
    signer.authorization(request, { key: token.key, secret: "rotated" }); // same key, new secret: derived again
    signer.authorization(request); // consumer only: empty token secret
    expect(calls.slice(1)).toEqual([
      [consumer.consumerSecret, "rotated"],
      [consumer.consumerSecret, ""],
    ]);
  });
});

describe("the header (§3.5.1)", () => {
  it("has a fixed parameter order and a ',' separator; no oauth_token without a token", () => {
    const signer = new OAuth1Signer({ consumerKey: "CK", consumerSecret: "cs", clock: () => 1_700_000_000_000, nonce: () => "n0nce" });
    const h = signer.authorization({ method: "POST", url: "https://api.example.com/oauth/access_token" }, { key: "TK", secret: "ts" });
    expect(h).toMatch(/^OAuth oauth_consumer_key="CK",oauth_token="TK",oauth_signature_method="HMAC-SHA1",oauth_timestamp="1700000000",oauth_nonce="n0nce",oauth_version="1.0",oauth_signature="[A-Za-z0-9%]+"$/);
    expect(signer.authorization({ method: "POST", url: "https://api.example.com/oauth/request_token" })).not.toContain("oauth_token=");
  });
  it("percent-encodes keys and escapes the realm", () => {
    const signer = new OAuth1Signer({ consumerKey: "a b/é", consumerSecret: "cs", realm: 'x"y\\z', nonce: () => "n" });
    const h = signer.authorization({ method: "GET", url: "https://api.example.com/" }, { key: "t+k=", secret: "s" });
    expect(h.startsWith('OAuth realm="x\\"y\\\\z",oauth_consumer_key="a%20b%2F%C3%A9",oauth_token="t%2Bk%3D",')).toBe(true);
  });
  it("refuses extra parameters the signer sets itself or that are not oauth_*", () => {
    const signer = new OAuth1Signer({ consumerKey: "c", consumerSecret: "s" });
    const r = { method: "GET", url: "https://api.example.com/" };
    for (const name of ["oauth_signature", "oauth_nonce", "oauth_token", "callback", 'oauth_x"', "oauth_"]) expect(() => signer.sign(r, undefined, { [name]: "v" })).toThrow(ConfigurationError);
    expect(signer.sign(r, undefined, { oauth_body_hash: "2jmj7l5rSw0yVb/vlWAYkK/YBwk=" }).authorization).toContain('oauth_body_hash="2jmj7l5rSw0yVb%2FvlWAYkK%2FYBwk%3D"');
  });
});

describe("edge cases (§3.4.1.3, §3.6)", () => {
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
    expect(parseForm("a=1&&b&c=&=d&e=f=g")).toEqual([
      ["a", "1"],
      ["b", ""],
      ["c", ""],
      ["", "d"],
      ["e", "f%3Dg"],
    ]);
  });
  it("percentEncode follows §3.6", () => {
    expect(percentEncode("")).toBe("");
    expect(percentEncode("abcXYZ019-._~")).toBe("abcXYZ019-._~");
    expect(percentEncode("a b")).toBe("a%20b");
    expect(percentEncode("!*'()")).toBe("%21%2A%27%28%29");
    expect(percentEncode("a+b=c&d%")).toBe("a%2Bb%3Dc%26d%25");
    expect(percentEncode("é😀")).toBe("%C3%A9%F0%9F%98%80");
    expect(percentEncode("\uD800x")).toBe("%EF%BF%BDx"); // lone surrogate -> U+FFFD, as fetch sends it
  });
  it("sorts by name then value in byte order (not by 'name=value')", () => {
    const t = signingTarget("https://x.test/p?a-b=1&a=2&a=10&A=3&%C3%A9=4&z=");
    const base = baseString("GET", t.encodedBaseUri, [...t.query]);
    // "%" (0x25) < "A" (0x41): encoded byte order.
    expect(decodeURIComponent(base.split("&")[2]!)).toBe("%C3%A9=4&A=3&a=10&a=2&a-b=1&z=");
  });
  it("keeps a trailing slash and path escapes; drops the fragment", () => {
    expect(signingTarget("https://h.test/api/v1/media/#frag").encodedBaseUri).toBe(percentEncode("https://h.test/api/v1/media/"));
    expect(signingTarget("https://h.test/a b/%7Ex").encodedBaseUri).toBe(percentEncode("https://h.test/a%20b/%7Ex"));
  });
  it("signs form bodies only when they are form-urlencoded", () => {
    expect(isFormContentType(undefined)).toBe(true);
    expect(isFormContentType(" Application/X-WWW-Form-URLEncoded;charset=UTF-8")).toBe(true);
    expect(isFormContentType("multipart/form-data; boundary=x")).toBe(false);
    const signer = new OAuth1Signer({ consumerKey: "c", consumerSecret: "s", clock: () => 0, nonce: () => "n" });
    const withForm = signer.sign({ method: "POST", url: "https://h.test/x", body: "a=1", contentType: "application/x-www-form-urlencoded; charset=UTF-8" });
    const json = signer.sign({ method: "POST", url: "https://h.test/x", body: '{"a":1}', contentType: "application/json" });
    expect(withForm.baseString).toContain("a%3D1");
    expect(json.baseString).not.toContain("a%3D1");
    expect(json.baseString).toBe(signer.sign({ method: "POST", url: "https://h.test/x" }).baseString);
  });
  it("never mutates the caller's request, body or token", () => {
    const signer = new OAuth1Signer({ consumerKey: "c", consumerSecret: "s", clock: () => 0 });
    const body = new URLSearchParams({ b: "2", a: "1" });
    const request = Object.freeze({ method: "post", url: "https://h.test/x?z=1", body, contentType: "application/x-www-form-urlencoded" });
    const extra = Object.freeze({ oauth_verifier: "v" });
    signer.sign(request, Object.freeze({ key: "t", secret: "s" }), extra);
    expect(body.toString()).toBe("b=2&a=1");
    expect(request.method).toBe("post");
  });
  it("uses a fresh crypto-random nonce each time", () => {
    const signer = new OAuth1Signer({ consumerKey: "c", consumerSecret: "s", clock: () => 0 });
    const nonces = new Set(Array.from({ length: 2000 }, () => parseHeader(signer.authorization({ method: "GET", url: "https://h.test/" })).oauth_nonce));
    expect(nonces.size).toBe(2000);
    for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{32}$/);
  });
  it("hmac: 'node' and 'noble' agree; the timestamp is whole seconds of the clock", () => {
    const make = (hmac: "node" | "noble") => new OAuth1Signer({ consumerKey: "c", consumerSecret: "s", clock: () => 1_700_000_000_999, nonce: () => "n", hmac });
    const r = { method: "GET", url: "https://h.test/?q=é" };
    expect(make("node").authorization(r, { key: "t", secret: "ü" })).toBe(make("noble").authorization(r, { key: "t", secret: "ü" }));
    expect(make("node").sign(r).timestamp).toBe("1700000000");
  });
});
