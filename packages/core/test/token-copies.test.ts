import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { printedForms } from "../../../test-utils/printed-forms.js";
import { type AccessToken, createAccessToken, deserializeToken, parseTokenResponse, serializeToken } from "../src/index.js";

// Canaries: if one shows up in a printed form, a secret leaked.
const ACCESS = "canary-access-Acc3ssValue";
const REFRESH = "canary-refresh-R3fr3shValue";
const TOKEN_SECRET = "canary-tsecret-T0kS3cValue";
const CANARIES = [ACCESS, REFRESH, TOKEN_SECRET, "Acc3ssValue", "R3fr3shValue", "T0kS3cValue"];

const make = () =>
  createAccessToken({ accessToken: ACCESS, refreshToken: REFRESH, tokenSecret: TOKEN_SECRET, tokenType: "Bearer", scopes: ["read"], issuedAt: 1, expiresAt: 3_600_001 });

// Every generic way user code (or a logger) copies an object.
const copies = (t: AccessToken): Record<string, unknown> => ({
  spread: { ...t },
  assign: Object.assign({}, t),
  structuredClone: structuredClone(t),
  entries: Object.fromEntries(Object.entries(t)),
  jsonRoundTrip: JSON.parse(JSON.stringify(t)),
  nested: { token: t, list: [t] },
});

function expectNoCanary(forms: string[]): void {
  for (const form of forms) for (const c of CANARIES) expect(form, `leaked ${c} in ${form.slice(0, 120)}`).not.toContain(c);
}

describe("token objects stay redacted when copied", () => {
  test("the token itself: String, inspect (also showHidden), JSON, console-style formatting", () => {
    const t = make();
    expectNoCanary([...printedForms([t]), inspect(t, { showHidden: true, depth: 8 }), `${String(t)}`]);
    expect(JSON.stringify(t)).toContain("[redacted]");
  });

  for (const [how, copy] of Object.entries(copies(make()))) {
    test(`a copy made by ${how} prints no secret`, () => {
      expectNoCanary([...printedForms([copy]), inspect(copy, { showHidden: true, depth: 8 })]);
    });
  }

  test("the values stay readable and writable by code, and a later assignment stays hidden", () => {
    const t = createAccessToken({ accessToken: ACCESS, tokenType: "Bearer", scopes: [] });
    expect(t.accessToken).toBe(ACCESS);
    expect(t.refreshToken).toBeUndefined();
    t.refreshToken = REFRESH;
    t.accessToken = `${ACCESS}-2`;
    expect(t.refreshToken).toBe(REFRESH);
    expect(t.accessToken).toBe(`${ACCESS}-2`);
    expect(Object.keys(t)).toEqual(["tokenType", "scopes"]);
    expectNoCanary([...printedForms([t, { ...t }, structuredClone(t)])]);
  });

  test("serializeToken is the one place that writes the values; a round trip keeps them", () => {
    const t = make();
    const plain = serializeToken(t);
    expect(plain).toMatchObject({ accessToken: ACCESS, refreshToken: REFRESH, tokenSecret: TOKEN_SECRET });
    const back = deserializeToken(JSON.parse(JSON.stringify(plain)));
    expect(back?.accessToken).toBe(ACCESS);
    expect(back?.refreshToken).toBe(REFRESH);
    expect(back?.tokenSecret).toBe(TOKEN_SECRET);
    expectNoCanary(printedForms([back, { ...back }, structuredClone(back)]));
  });

  test("the copy recipe (createAccessToken of serializeToken) keeps the values and the redaction", () => {
    const copy = createAccessToken({ ...serializeToken(make()), scopes: ["write"] });
    expect(copy.accessToken).toBe(ACCESS);
    expect(copy.refreshToken).toBe(REFRESH);
    expectNoCanary(printedForms([copy, { ...copy }]));
  });

  test("a parsed token response is redacted the same way", () => {
    const t = parseTokenResponse({ access_token: ACCESS, refresh_token: REFRESH, token_type: "Bearer", expires_in: 60 }, { now: 0 });
    expect(t.accessToken).toBe(ACCESS);
    expectNoCanary(printedForms([t, { ...t }, structuredClone(t), Object.assign({}, t)]));
  });
});
