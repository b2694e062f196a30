import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computeBaseString, parseAuthorizationHeader } from "../src/bynder/rfc5849-verifier.js";
import { startBynderEmulator } from "../src/bynder-emulator.js";

// The verifier is checked on its own against published vectors, so the client and the
// emulator are each anchored to the RFC, not only to each other.

const header = (params: Record<string, string>) =>
  `OAuth realm="Photos", ${Object.entries(params)
    .map(([k, v]) => `${k}="${encodeURIComponent(v)}"`)
    .join(", ")}`;

describe("RFC 5849 verifier", () => {
  it("§3.4.1.1 example base string", () => {
    const h = parseAuthorizationHeader(
      header({ oauth_consumer_key: "9djdj82h48djs9d2", oauth_token: "kkk9d7dh3k39sjv7", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131201", oauth_nonce: "7d8f3e4a", oauth_signature: "x" }),
    );
    const base = computeBaseString(
      { method: "POST", scheme: "http", host: "example.com", target: "/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", contentType: "application/x-www-form-urlencoded", body: "c2&a3=2+q" },
      h,
    );
    expect(base).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    );
  });

  it("§1.2 photos request and the Twitter example", () => {
    const photos = parseAuthorizationHeader(
      header({ oauth_consumer_key: "dpf43f3p2l4k3l03", oauth_token: "nnch734d00sl2jdk", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131202", oauth_nonce: "chapoH", oauth_signature: "MdpQcU8iPSUjWoN/UDMsK2sui9I=" }),
    );
    const b1 = computeBaseString({ method: "GET", scheme: "http", host: "photos.example.net:80", target: "/photos?file=vacation.jpg&size=original", contentType: undefined, body: "" }, photos);
    expect(createHmac("sha1", "kd94hf93k423kf44&pfkkdhi9sl3r4s00").update(b1).digest("base64")).toBe(photos.signature);

    const twitter = parseAuthorizationHeader(
      header({
        oauth_consumer_key: "xvz1evFS4wEEPTGEFPHBog",
        oauth_nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
        oauth_signature: "tnnArxj06cWHq44gCs1OSKk/jLY=",
        oauth_signature_method: "HMAC-SHA1",
        oauth_timestamp: "1318622958",
        oauth_token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        oauth_version: "1.0",
      }),
    );
    const b2 = computeBaseString(
      {
        method: "POST",
        scheme: "https",
        host: "API.twitter.com:443",
        target: "/1/statuses/update.json?include_entities=true",
        contentType: "application/x-www-form-urlencoded",
        body: "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21",
      },
      twitter,
    );
    expect(createHmac("sha1", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE").update(b2).digest("base64")).toBe(twitter.signature);
  });

  it("refuses malformed and duplicated header parameters", () => {
    expect(() => parseAuthorizationHeader('Basic abc')).toThrow();
    expect(() => parseAuthorizationHeader('OAuth oauth_nonce="a", oauth_nonce="b"')).toThrow(/twice/);
    expect(() => parseAuthorizationHeader('OAuth oauth_nonce="a"')).toThrow(/Missing/);
  });
});

describe("Bynder emulator", () => {
  it("refuses unsigned requests and wrong methods, serves the documented endpoints", async () => {
    const emulator = await startBynderEmulator();
    try {
      const unsigned = await fetch(`${emulator.url}/api/v4/oauth/request_token/`, { method: "POST" });
      expect(unsigned.status).toBe(401);
      expect(unsigned.headers.get("www-authenticate")).toMatch(/^OAuth realm=/);
      expect(await unsigned.text()).toContain("oauth_problem=parameter_absent");
      expect((await fetch(`${emulator.url}/api/v4/oauth/request_token/`)).status).toBe(405);
      expect((await fetch(`${emulator.url}/api/v4/oauth/authorise/?oauth_token=nope`)).status).toBe(400);
      expect((await fetch(emulator.mediaUrl)).status).toBe(401);
      expect(emulator.requests.count()).toBe(4);
    } finally {
      await emulator.close();
    }
  });

  it("answers a bad signature with the base string it computed", async () => {
    const emulator = await startBynderEmulator({ consumer: { key: "ck", secret: "cs" } });
    try {
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(`${emulator.url}/api/v4/oauth/request_token/?a=b+c`, {
        method: "POST",
        headers: { authorization: `OAuth oauth_consumer_key="ck",oauth_signature_method="HMAC-SHA1",oauth_timestamp="${ts}",oauth_nonce="n1",oauth_version="1.0",oauth_signature="AAAA"` },
      });
      expect(res.status).toBe(401);
      const body = new URLSearchParams(await res.text());
      expect(body.get("oauth_problem")).toBe("signature_invalid");
      expect(body.get("oauth_signature_base_string")).toBe(
        `POST&${encodeURIComponent(`${emulator.url}/api/v4/oauth/request_token/`)}&a%3Db%2520c%26oauth_consumer_key%3Dck%26oauth_nonce%3Dn1%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D${ts}%26oauth_version%3D1.0`,
      );
      expect(emulator.lastBaseString).toBe(body.get("oauth_signature_base_string"));
    } finally {
      await emulator.close();
    }
  });
});
