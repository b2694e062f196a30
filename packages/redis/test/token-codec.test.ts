// The codec writes core's serializeToken JSON: a token's id_token and provider extras survive
// a trip through Redis, encrypted or not, and stay hidden when the decoded token is printed.
import { inspect } from "node:util";
import { parseTokenResponse, serializeToken } from "@auth/core";
import { describe, expect, test } from "vitest";
import { encryptingCodec, plainCodec } from "../src/token-codec.js";

const ID_TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjYW5hcnkifQ.sig-canary";
const token = parseTokenResponse(
  { access_token: "tok_codec", token_type: "Bearer", expires_in: 60, refresh_token: "rt_codec", id_token: ID_TOKEN, instance_url: "https://eu.example.com", nested: { a: [1, 2] } },
  { now: 1_000 },
);

describe("token codec round trip (id_token, extras)", () => {
  for (const [name, codec] of [
    ["plain", plainCodec()],
    ["encrypted", encryptingCodec([Buffer.alloc(32, 7).toString("base64")])],
  ] as const) {
    test(name, async () => {
      const value = await codec.encode("k", token);
      if (codec.encrypted) expect(value).not.toContain("sig-canary");
      const back = await codec.decode("k", value);
      expect(back?.idToken).toBe(ID_TOKEN);
      expect(back?.extra).toEqual({ instance_url: "https://eu.example.com", nested: { a: [1, 2] } });
      expect(serializeToken(back!)).toEqual(serializeToken(token));
      expect(inspect(back)).not.toContain("sig-canary");
    });
  }
});
