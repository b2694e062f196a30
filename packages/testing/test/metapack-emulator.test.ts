import { afterAll, beforeAll, expect, test } from "vitest";
import { METAPACK_EXAMPLE_API_KEY, type MetapackEmulator, startMetapackEmulator } from "../src/index.js";

// The request of docs/providers.md#metapack, byte for byte.
const EXAMPLE_AUTH = "Basic MURSMzQzNEtERkpMUjMyTDUzTDQyMzVKNjp3cWUzNHR5eWg3Njc5am9ra0RhJDdkZjQ2YmJiYmp1aStiNy1zZGZzZGZZ";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

let emu: MetapackEmulator;
beforeAll(async () => {
  emu = await startMetapackEmulator();
});
afterAll(() => emu.close());

const token = (headers: Record<string, string>, body = "grant_type=client_credentials") => fetch(emu.tokenUrl, { method: "POST", headers, body });

test("the document's example request gets the document's response shape", async () => {
  expect(emu.credentials.apiKeyId).toBe(METAPACK_EXAMPLE_API_KEY.apiKeyId);
  const r = await token({ authorization: EXAMPLE_AUTH, ...FORM });
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(r.headers.get("x-powered-by")).toBe("Express");
  expect(r.headers.get("access-control-allow-origin")).toBe("*");
  const body = await r.json();
  expect(Object.keys(body)).toEqual(["access_token", "expires_in", "scope", "token_type"]);
  expect(body).toMatchObject({ expires_in: 3600, token_type: "bearer" });
  expect(body.scope).toBe("can-create-locations can-delete-own-locations can-update-own-locations can-create-own-location-rules ");
  const ping = await fetch(emu.resourceUrl, { headers: { authorization: `Bearer ${body.access_token}` } });
  expect(ping.status).toBe(200);
  expect(await ping.json()).toMatchObject({ ok: true, apiKeyId: METAPACK_EXAMPLE_API_KEY.apiKeyId });
});

test("Basic is decoded raw: a form-urlencoded secret is wrong credentials", async () => {
  const encoded = `${METAPACK_EXAMPLE_API_KEY.apiKeyId}:${encodeURIComponent(METAPACK_EXAMPLE_API_KEY.apiKeySecret)}`;
  const r = await token({ authorization: `Basic ${Buffer.from(encoded).toString("base64")}`, ...FORM });
  expect(r.status).toBe(401);
  expect(await r.json()).toMatchObject({ error: "invalid_client" });
  expect(r.headers.get("www-authenticate")).toMatch(/^Basic /);
});

test("missing or wrong credentials are invalid_client with 401", async () => {
  for (const authorization of [undefined, "Basic !!!", `Basic ${Buffer.from("someone:else").toString("base64")}`, "Bearer x"]) {
    const r = await token({ ...(authorization ? { authorization } : {}), ...FORM });
    expect(r.status).toBe(401);
    expect((await r.json()).error).toBe("invalid_client");
  }
});

test("grant_type and content type are checked", async () => {
  let r = await token({ authorization: EXAMPLE_AUTH, ...FORM }, "grant_type=password");
  expect(r.status).toBe(400);
  expect((await r.json()).error).toBe("unsupported_grant_type");
  r = await token({ authorization: EXAMPLE_AUTH, ...FORM }, "");
  expect((await r.json()).error).toBe("invalid_request");
  r = await token({ authorization: EXAMPLE_AUTH, "content-type": "application/json" }, '{"grant_type":"client_credentials"}');
  expect(r.status).toBe(400);
  expect((await r.json()).error).toBe("invalid_request");
  // RFC 6749 §3.2: no parameter more than once.
  r = await token({ authorization: EXAMPLE_AUTH, ...FORM }, "grant_type=client_credentials&grant_type=client_credentials");
  expect(r.status).toBe(400);
  expect(await r.json()).toMatchObject({ error: "invalid_request", error_description: "Repeated parameter: grant_type" });
  r = await fetch(emu.tokenUrl);
  expect(r.status).toBe(405);
});

test("the protected resource answers 401 with an RFC 6750 challenge", async () => {
  let r = await fetch(emu.resourceUrl);
  expect(r.status).toBe(401);
  expect(r.headers.get("www-authenticate")).toMatch(/^Bearer /);
  r = await fetch(emu.resourceUrl, { headers: { authorization: "Bearer nope" } });
  expect(r.status).toBe(401);
  expect(r.headers.get("www-authenticate")).toContain('error="invalid_token"');
});

test("expireTokens, lifetime and bad responses", async () => {
  emu.setTokenLifetime(120);
  const body = await (await token({ authorization: EXAMPLE_AUTH, ...FORM })).json();
  expect(body.expires_in).toBe(120);
  emu.setFault({ kind: "expireTokens" });
  const r = await fetch(emu.resourceUrl, { headers: { authorization: `Bearer ${body.access_token}` } });
  expect(r.status).toBe(401);
  expect(r.headers.get("www-authenticate")).toContain('error="invalid_token"');
  emu.setTokenLifetime(3600);

  emu.setFault({ kind: "badTokenResponse", tokenType: "mac", times: 1 });
  expect((await (await token({ authorization: EXAMPLE_AUTH, ...FORM })).json()).token_type).toBe("mac");
  expect((await (await token({ authorization: EXAMPLE_AUTH, ...FORM })).json()).token_type).toBe("bearer");
  emu.setFault({ kind: "badTokenResponse", omitAccessToken: true, expiresIn: "soon" });
  const b = await (await token({ authorization: EXAMPLE_AUTH, ...FORM })).json();
  expect(b.access_token).toBeUndefined();
  expect(b.expires_in).toBe("soon");
  emu.setFault(null);

  emu.setFault({ kind: "html", paths: ["/oauth"], times: 1 });
  const html = await token({ authorization: EXAMPLE_AUTH, ...FORM });
  expect(html.status).toBe(502);
  expect(html.headers.get("content-type")).toBe("text/html");
  expect((await token({ authorization: EXAMPLE_AUTH, ...FORM })).status).toBe(200);
});

test("the properties text carries the key, escaped", async () => {
  const e = await startMetapackEmulator({ apiKeyId: "id", apiKeySecret: " a\\b\u00e9" });
  try {
    expect(e.credentials.properties).toBe("apiKey.id = id\napiKey.secret = \\ a\\\\b\\u00e9\n");
  } finally {
    await e.close();
  }
});

test("the request log counts token requests", async () => {
  emu.requests.clear();
  await token({ authorization: EXAMPLE_AUTH, ...FORM });
  await fetch(emu.resourceUrl);
  expect(emu.requests.count("/oauth")).toBe(1);
  expect(emu.requests.count()).toBe(2);
  expect(emu.requests.all[0]!.headers.authorization).toBe(EXAMPLE_AUTH);
});
