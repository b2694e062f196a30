// Bynder's signer is @auth/core/oauth1's (whose RFC 5849 vectors and edge cases are tested in
// core) with the signing key from oauth-1.0a. Here: that wiring, the Bynder document's header
// shape, and where oauth-1.0a agrees and disagrees. End to end against the emulator's
// independent verifier: signature-properties.test.ts and handshake.test.ts.
import { createHmacSha1, percentEncode } from "@auth/core/oauth1";
import OAuth from "oauth-1.0a";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBynderAuth, OAuth1Signer } from "../src/index.js";

const parseHeader = (h: string) => Object.fromEntries([...h.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));

afterEach(() => vi.restoreAllMocks());

describe("OAuth1Signer (@auth/bynder)", () => {
  it("signs the Twitter 'Creating a signature' request to the byte", () => {
    const signer = new OAuth1Signer({
      consumerKey: "xvz1evFS4wEEPTGEFPHBog",
      consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
      clock: () => 1318622958_000,
      nonce: () => "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
    });
    const out = signer.sign(
      { method: "POST", url: "https://api.twitter.com/1/statuses/update.json?include_entities=true", body: new URLSearchParams({ status: "Hello Ladies + Gentlemen, a signed OAuth request!" }) },
      { key: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE" },
    );
    expect(parseHeader(out.authorization).oauth_signature).toBe("tnnArxj06cWHq44gCs1OSKk/jLY=");
  });

  // RFC 5849 §1.2 (its example sends no oauth_version; the realm is not signed, §3.4.1.3.1),
  // with the signing key from oauth-1.0a: all three requests of the example.
  it("signs RFC 5849 §1.2's photos.example.net request to the byte", () => {
    const signer = new OAuth1Signer({
      consumerKey: "dpf43f3p2l4k3l03",
      consumerSecret: "kd94hf93k423kf44",
      clock: () => 137131202_000,
      nonce: () => "chapoH",
      version: false,
      realm: "Photos",
    });
    const out = signer.sign({ method: "GET", url: "http://photos.example.net/photos?file=vacation.jpg&size=original" }, { key: "nnch734d00sl2jdk", secret: "pfkkdhi9sl3r4s00" });
    expect(out.baseString).toBe(
      "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal",
    );
    expect(parseHeader(out.authorization).oauth_signature).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
    expect(out.authorization).toMatch(/^OAuth realm="Photos",/);
  });

  it("signs RFC 5849 §1.2's temporary-credentials and token requests to the byte", () => {
    const photos = (nonce: string, timestamp: number) =>
      new OAuth1Signer({ consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44", clock: () => timestamp * 1000, nonce: () => nonce, version: false, realm: "Photos" });
    const initiate = photos("wIjqoS", 137131200).sign({ method: "POST", url: "https://photos.example.net/initiate" }, undefined, { oauth_callback: "http://printer.example.com/ready" });
    expect(parseHeader(initiate.authorization).oauth_signature).toBe("74KNZJeDHnMBp0EMJ9ZHt/XKycU=");
    const token = photos("walatlh", 137131201).sign({ method: "POST", url: "https://photos.example.net/token" }, { key: "hh5s93j4hdidpola", secret: "hdhd0244k9j7ao03" }, { oauth_verifier: "hfdp7dh39dks9884" });
    expect(parseHeader(token.authorization).oauth_signature).toBe("gKgrFCywp7rO0OXSjdot/IHF7IU=");
  });

  it("signs through oauth-1.0a's authorize(): the same signature as oauth-1.0a fed the request by hand", async () => {
    const spy = vi.spyOn(OAuth.prototype, "authorize");
    const signer = new OAuth1Signer({ consumerKey: "ck", consumerSecret: "c&s", clock: () => 1_700_000_000_000, nonce: () => "n0nce" });
    const ours = parseHeader(signer.authorization({ method: "POST", url: "https://company.bynder.com/api/v4/media/?a=1+2&b=x", body: "name=Hello+World" }, { key: "tk", secret: "t s" }));
    expect(spy).toHaveBeenCalledTimes(1);
    // oauth-1.0a on its own, given what it gets right: the URL without query, decoded parameters.
    const o = new OAuth({ consumer: { key: "ck", secret: "c&s" }, signature_method: "HMAC-SHA1", hash_function: (b, k) => createHmacSha1(k, "node")(b) });
    o.getNonce = () => "n0nce";
    o.getTimeStamp = () => 1_700_000_000;
    const theirs = o.authorize({ method: "POST", url: "https://company.bynder.com/api/v4/media/", data: { a: "1 2", b: "x", name: "Hello World" } }, { key: "tk", secret: "t s" });
    expect(ours.oauth_signature).toBe(theirs.oauth_signature);
    // createBynderAuth signs through it too.
    const auth = createBynderAuth({ baseUrl: "https://company.bynder.com", consumer: { key: "ck", secret: "cs" }, token: { key: "tk2", secret: "ts2" } });
    await auth.authorize({ method: "GET", url: "https://company.bynder.com/api/v4/media/" });
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it("header has the document's parameter order and separator", () => {
    const signer = new OAuth1Signer({ consumerKey: "CK", consumerSecret: "cs", clock: () => 1_700_000_000_000, nonce: () => "n0nce" });
    const h = signer.authorization({ method: "POST", url: "https://company.bynder.com/api/v4/oauth/access_token/" }, { key: "TK", secret: "ts" });
    expect(h).toMatch(/^OAuth oauth_consumer_key="CK",oauth_token="TK",oauth_signature_method="HMAC-SHA1",oauth_timestamp="1700000000",oauth_nonce="n0nce",oauth_version="1.0",oauth_signature="[A-Za-z0-9%]+"$/);
    const noToken = signer.authorization({ method: "POST", url: "https://company.bynder.com/api/v4/oauth/request_token/" });
    expect(noToken).not.toContain("oauth_token=");
  });
});

describe("oauth-1.0a", () => {
  it("percentEncode matches §3.6 and oauth-1.0a's, where that is defined", () => {
    const o = new OAuth({ consumer: { key: "k", secret: "s" }, signature_method: "HMAC-SHA1", hash_function: () => "" });
    for (const s of ["", "abc", "a b", "!*'()", "~-._", "é😀", "a+b=c&d", "%25"]) expect(percentEncode(s)).toBe(o.percentEncode(s));
  });

  it("agrees with oauth-1.0a where oauth-1.0a is right, and differs where docs/providers.md#oauth-10a-quirks says it is wrong", () => {
    const fixed = { clock: () => 1_600_000_000_000, nonce: () => "abc" };
    const ours = new OAuth1Signer({ consumerKey: "ck", consumerSecret: "cs", ...fixed });
    const theirs = new OAuth({ consumer: { key: "ck", secret: "cs" }, signature_method: "HMAC-SHA1", hash_function: (b: string, k: string) => createHmacSha1(k)(b) });
    const oauthData = { oauth_consumer_key: "ck", oauth_nonce: "abc", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: 1600000000, oauth_version: "1.0", oauth_token: "tk" };
    const safe = { method: "GET", url: "https://company.bynder.com/api/v4/media/?limit=10&page=2&type=image" };
    const signed = ours.sign(safe, { key: "tk", secret: "ts" });
    expect(signed.baseString).toBe(theirs.getBaseString({ ...safe, data: {} }, { ...oauthData }));
    expect(parseHeader(signed.authorization).oauth_signature).toBe(theirs.getSignature({ ...safe, data: {} }, "ts", { ...oauthData }));
    const plus = { method: "GET", url: "https://company.bynder.com/api/v4/media/?keyword=a+b" };
    expect(ours.sign(plus, { key: "tk", secret: "ts" }).baseString).toContain("keyword%3Da%2520b");
    expect(theirs.getBaseString({ ...plus, data: {} }, { ...oauthData })).toContain("keyword%3Da%252Bb");
  });
});

describe("runtimes and nonces", () => {
  it("the pure-JS HMAC-SHA1 (@noble/hashes, for browsers and edge runtimes) signs exactly as node:crypto, and the emulator accepts it", async () => {
    const { startBynderEmulator } = await import("@auth/testing");
    const emulator = await startBynderEmulator();
    try {
      const fixed = { clock: () => Date.now(), nonce: () => `n${Math.floor(Date.now() / 1000)}` };
      const request = { method: "POST", url: `${emulator.mediaUrl}?q=a%20b&x=%2B`, body: new URLSearchParams({ name: "café + ☃" }) };
      const node = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, hmac: "node", ...fixed });
      const noble = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, hmac: "noble", ...fixed });
      const a = await node.sign(request);
      const b = await noble.sign(request);
      expect(b.baseString).toBe(a.baseString);
      expect(b.authorization.match(/oauth_signature="[^"]+"/)![0]).toBe(a.authorization.match(/oauth_signature="[^"]+"/)![0]);
      const viaNoble = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken, hmac: "noble" });
      expect((await viaNoble.fetch(request.url, { method: "POST", body: request.body })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it("nonces are crypto-random (>= 128 bits) and never repeat", async () => {
    const auth = createBynderAuth({ baseUrl: "https://company.bynder.com", consumer: { key: "ck", secret: "cs" }, token: { key: "tk", secret: "ts" }, clock: () => 0 });
    const random = vi.spyOn(Math, "random");
    const getRandomValues = vi.spyOn(crypto, "getRandomValues");
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const { Authorization } = await auth.authorize({ method: "GET", url: "https://company.bynder.com/api/v4/media/" });
      const nonce = parseHeader(Authorization!).oauth_nonce!;
      // 128 bits as 32 hex digits (core's createNonce).
      expect(nonce).toMatch(/^[0-9a-f]{32}$/);
      seen.add(nonce);
    }
    expect(seen.size).toBe(5000);
    expect(random).not.toHaveBeenCalled();
    expect(getRandomValues).toHaveBeenCalled();
  });
});
