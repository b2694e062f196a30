import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { createAccessToken, deserializeToken, parseTokenResponse, serializeToken } from "../src/index.js";

const ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeQ";
const response = { access_token: "tok_canary", token_type: "Bearer", expires_in: 60, id_token: ID_TOKEN, instance_url: "https://eu.example.com", session_secret: "extra-canary", __proto__x: 1 };

describe("a token's other response fields", () => {
  test("id_token and provider extras are kept, not dropped", () => {
    const body = JSON.parse(`${JSON.stringify(response).slice(0, -1)},"__proto__":{"polluted":true}}`);
    const t = parseTokenResponse(body, { now: 0 });
    expect(t.idToken).toBe(ID_TOKEN);
    expect(t.extra).toEqual({ instance_url: "https://eu.example.com", session_secret: "extra-canary", __proto__x: 1, ["__proto__"]: { polluted: true } });
    expect(Object.getPrototypeOf(t.extra)).toBe(Object.prototype); // an own "__proto__" field, not a prototype
    expect((t.extra as { polluted?: unknown }).polluted).toBeUndefined();
    expect(parseTokenResponse({ access_token: "a" }, { now: 0 }).extra).toBeUndefined();
  });

  test("printed, copied or serialised to JSON: the id token and extras' values never show", () => {
    const t = parseTokenResponse(response, { now: 0 });
    expect(Object.keys(t)).not.toContain("idToken");
    expect(Object.keys(t)).not.toContain("extra");
    for (const shown of [inspect(t, { depth: 9 }), JSON.stringify(t), String(t), JSON.stringify({ ...t }), inspect(structuredClone(t))]) {
      expect(shown).not.toContain("c2lnbmF0dXJlLWNhbmFyeQ");
      expect(shown).not.toContain("extra-canary");
      expect(shown).not.toContain("tok_canary");
    }
    expect(JSON.parse(JSON.stringify(t))).toMatchObject({ idToken: "[redacted]", extra: { instance_url: "[redacted]", session_secret: "[redacted]" } });
  });

  test("serializeToken / deserializeToken round-trip them", () => {
    const t = parseTokenResponse(response, { now: 0 });
    const back = deserializeToken(JSON.parse(JSON.stringify(serializeToken(t))));
    expect(back?.idToken).toBe(ID_TOKEN);
    expect(back?.extra).toEqual(t.extra);
    expect(serializeToken(back!)).toEqual(serializeToken(t));
    // What is not a record or not a string is dropped, the token kept.
    const odd = deserializeToken({ accessToken: "a", tokenType: "Bearer", scopes: [], idToken: 5, extra: [1] });
    expect(odd?.accessToken).toBe("a");
    expect(odd?.idToken).toBeUndefined();
    expect(odd?.extra).toBeUndefined();
  });

  test("createAccessToken copies extra: the caller's object stays theirs", () => {
    const extra = { a: 1 };
    const t = createAccessToken({ accessToken: "a", tokenType: "Bearer", scopes: [], extra });
    extra.a = 2;
    expect(t.extra).toEqual({ a: 1 });
  });
});
