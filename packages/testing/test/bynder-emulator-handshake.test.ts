import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BynderEmulator, type BynderKeyPair, startBynderEmulator } from "../src/index.js";

// The emulator's handshake, API and faults on the wire, signed here by hand per RFC 5849 §3.4
// (GET or POST without a body, so the base string is method, URL and the oauth_* parameters).

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function signed(method: "GET" | "POST", url: string, consumer: BynderKeyPair, token?: BynderKeyPair, nonce = randomBytes(8).toString("hex")) {
  const params: Record<string, string> = {
    oauth_consumer_key: consumer.key,
    oauth_nonce: nonce,
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
    oauth_version: "1.0",
    ...(token ? { oauth_token: token.key } : {}),
  };
  const normalized = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k]!)}`)
    .join("&");
  const base = `${method}&${enc(url)}&${enc(normalized)}`;
  const signature = createHmac("sha1", `${enc(consumer.secret)}&${enc(token?.secret ?? "")}`).update(base).digest("base64");
  const header = `OAuth ${Object.entries({ ...params, oauth_signature: signature })
    .map(([k, v]) => `${k}="${enc(v)}"`)
    .join(", ")}`;
  return fetch(url, { method, headers: { authorization: header } });
}

const pairFrom = async (res: Response): Promise<BynderKeyPair> => {
  const form = new URLSearchParams(await res.text());
  return { key: form.get("oauth_token")!, secret: form.get("oauth_token_secret")! };
};
const problem = async (res: Response) => new URLSearchParams(await res.text()).get("oauth_problem");

let emu: BynderEmulator;
beforeAll(async () => {
  emu = await startBynderEmulator();
});
afterAll(() => emu.close());

describe("Bynder emulator on the wire", () => {
  it("the three-legged handshake, then the API with the access token; the request token is spent", async () => {
    const { consumer } = emu.credentials;
    const rt = await pairFrom(await signed("POST", emu.handshakeUrls.requestToken, consumer));
    expect(rt.key).toMatch(/^[0-9A-F-]{36}$/);
    // Not yet authorised by the user.
    expect(await problem(await signed("POST", emu.handshakeUrls.accessToken, consumer, rt))).toBe("permission_unknown");
    const page = await fetch(`${emu.handshakeUrls.authorise}?oauth_token=${rt.key}&callback=${encodeURIComponent("http://127.0.0.1:9/cb")}`, { redirect: "manual" });
    expect(page.status).toBe(302);
    expect(new URL(page.headers.get("location")!).searchParams.get("oauth_token")).toBe(rt.key);
    const access = await pairFrom(await signed("POST", emu.handshakeUrls.accessToken, consumer, rt));
    expect(await problem(await signed("POST", emu.handshakeUrls.accessToken, consumer, rt))).toBe("token_used");
    const media = await signed("GET", emu.mediaUrl, consumer, access);
    expect(media.status).toBe(200);
    expect(await media.json()).toMatchObject({ method: "GET", media: [{ type: "image" }] });
    expect((await signed("GET", `${emu.mediaUrl}abc/`, consumer, access).then((r) => r.json())) as object).toMatchObject({ item: { id: "abc" } });
  });

  it("a nonce is refused the second time", async () => {
    const { consumer, permanentToken } = emu.credentials;
    expect((await signed("GET", emu.mediaUrl, consumer, permanentToken, "same-nonce")).status).toBe(200);
    expect(await problem(await signed("GET", emu.mediaUrl, consumer, permanentToken, "same-nonce"))).toBe("nonce_used");
  });

  it("its own faults: disableConsumer and denyPermission until cleared; expireTokens spares the permanent token; revokeTokens does not", async () => {
    const { consumer, permanentToken } = emu.credentials;
    emu.setFault({ kind: "disableConsumer" });
    expect(await problem(await signed("GET", emu.mediaUrl, consumer, permanentToken))).toBe("consumer_key_rejected");
    emu.setFault(null);
    emu.setFault({ kind: "denyPermission" });
    expect(await problem(await signed("GET", emu.mediaUrl, consumer, permanentToken))).toBe("permission_denied");
    emu.setFault(null);
    const access = emu.issueAccessToken();
    emu.setFault({ kind: "expireTokens" });
    expect(await problem(await signed("GET", emu.mediaUrl, consumer, access))).toBe("token_expired");
    expect((await signed("GET", emu.mediaUrl, consumer, permanentToken)).status).toBe(200);
    emu.setFault({ kind: "revokeTokens" });
    expect(await problem(await signed("GET", emu.mediaUrl, consumer, permanentToken))).toBe("token_revoked");
  });
});
