import { afterAll, beforeAll, expect, test } from "vitest";
import { CONFIGAPI_EXAMPLE_CREDENTIALS, type ConfigApiEmulator, startConfigApiEmulator } from "../src/index.js";

let emu: ConfigApiEmulator;
beforeAll(async () => {
  emu = await startConfigApiEmulator();
});
afterAll(() => emu.close());

const form = (fields: Record<string, string>) =>
  fetch(emu.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
const good = () => ({ grant_type: "client_credentials", client_id: emu.credentials.clientId, client_secret: emu.credentials.clientSecret, scope: emu.credentials.scope });

test("a documented request gets the documented response: expires_in a string, token_type Bearer", async () => {
  expect(emu.credentials).toMatchObject(CONFIGAPI_EXAMPLE_CREDENTIALS);
  expect(emu.credentials.scope).toBe(new URL(emu.url).host);
  const r = await form(good());
  expect(r.status).toBe(200);
  const text = await r.text();
  expect(text).toMatch(/^\{\n"access_token":"[^"]+",\n"token_type":"Bearer",\n"expires_in":"3599"\n\}$/);
  const body = JSON.parse(text);
  const ping = await fetch(emu.resourceUrl, { headers: { authorization: `Bearer ${body.access_token}` } });
  expect(await ping.json()).toMatchObject({ ok: true, clientId: "sheila.thomas" });
});

test("trailingComma sends the document's example verbatim", async () => {
  emu.setTrailingComma(true);
  const text = await (await form(good())).text();
  emu.setTrailingComma(false);
  expect(text).toMatch(/"expires_in":"3599",\n\}$/);
  expect(() => JSON.parse(text)).toThrow();
});

test("every parameter is required", async () => {
  for (const name of ["grant_type", "client_id", "client_secret", "scope"]) {
    const fields: Record<string, string> = good();
    delete fields[name];
    const r = await form(fields);
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: "invalid_request", error_description: `Missing required parameter: ${name}` });
  }
});

test("the form content type is required, and no parameter may be repeated (RFC 6749 §3.2)", async () => {
  let r = await fetch(emu.tokenUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(good()) });
  expect(r.status).toBe(400);
  expect(await r.json()).toMatchObject({ error: "invalid_request", error_description: expect.stringMatching(/Content-Type/) });
  r = await fetch(emu.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `${new URLSearchParams(good())}&scope=other` });
  expect(r.status).toBe(400);
  expect(await r.json()).toMatchObject({ error: "invalid_request", error_description: "Repeated parameter: scope" });
});

test("wrong credentials, grant and tenant", async () => {
  let r = await form({ ...good(), client_secret: "wrong" });
  expect(r.status).toBe(401);
  expect((await r.json()).error).toBe("invalid_client");
  r = await form({ ...good(), client_id: "someone" });
  expect(r.status).toBe(401);
  r = await form({ ...good(), grant_type: "password" });
  expect((await r.json()).error).toBe("unsupported_grant_type");
  r = await form({ ...good(), scope: "other.example.com" });
  expect((await r.json()).error).toBe("invalid_scope");
  // Credentials in a Basic header, not the form, are not what the document describes.
  r = await fetch(emu.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("sheila.thomas:x").toString("base64")}` },
    body: `grant_type=client_credentials&scope=${emu.credentials.scope}`,
  });
  expect((await r.json()).error).toBe("invalid_request");
});

test("the protected resource, expiry and bad responses", async () => {
  expect((await fetch(emu.resourceUrl)).status).toBe(401);
  const { access_token } = await (await form(good())).json();
  emu.setFault({ kind: "expireTokens" });
  const r = await fetch(emu.resourceUrl, { headers: { authorization: `Bearer ${access_token}` } });
  expect(r.status).toBe(401);
  expect(r.headers.get("www-authenticate")).toContain('error="invalid_token"');
  emu.setTokenLifetime(60);
  expect((await (await form(good())).json()).expires_in).toBe("60");
  emu.setFault({ kind: "badTokenResponse", tokenType: "mac", omitAccessToken: true, expiresIn: "soon", times: 1 });
  expect(await (await form(good())).json()).toEqual({ token_type: "mac", expires_in: "soon" });
  expect((await (await form(good())).json()).token_type).toBe("Bearer");
  emu.setFault({ kind: "malformedJson", times: 1 });
  const malformed = await (await form(good())).text();
  expect(() => JSON.parse(malformed)).toThrow();
  expect((await form(good())).status).toBe(200);
  emu.requests.clear();
  await form(good());
  expect(emu.requests.count("/configapi/v2/oauth/token")).toBe(1);
});

test("a custom tenant", async () => {
  const e = await startConfigApiEmulator({ scope: "example.com", clientId: "u", clientSecret: "s" });
  try {
    expect(e.credentials.scope).toBe("example.com");
  } finally {
    await e.close();
  }
});
