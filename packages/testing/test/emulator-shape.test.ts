import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import {
  type BynderEmulator,
  type ConfigApiEmulator,
  type Emulator,
  type ImagenEmulator,
  type MetapackEmulator,
  type OAuth2Emulator,
  startBynderEmulator,
  startConfigApiEmulator,
  startImagenEmulator,
  startMetapackEmulator,
  startOAuth2Emulator,
} from "../src/index.js";

// One shape for every emulator: { url, credentials, requests, setFault, close }, with the
// fault machinery of startServer behind every setFault.

test("every emulator type is an Emulator (compile time)", () => {
  expectTypeOf<MetapackEmulator>().toMatchTypeOf<Emulator<{ apiKeyId: string; apiKeySecret: string; properties: string }>>();
  expectTypeOf<ConfigApiEmulator>().toMatchTypeOf<Emulator<{ clientId: string; clientSecret: string; scope: string }>>();
  expectTypeOf<OAuth2Emulator>().toMatchTypeOf<Emulator<{ clientId: string; clientSecret: string }>>();
  expectTypeOf<ImagenEmulator>().toMatchTypeOf<Emulator<{ apiKey: string; apiSecret: string }>>();
  expectTypeOf<BynderEmulator>().toMatchTypeOf<Emulator<{ consumer: { key: string; secret: string }; permanentToken: { key: string; secret: string } }>>();
});

const starters: [string, () => Promise<Emulator<unknown>>][] = [
  ["metapack", () => startMetapackEmulator()],
  ["configapi", () => startConfigApiEmulator()],
  ["oauth2", () => startOAuth2Emulator()],
  ["imagen", () => startImagenEmulator()],
  ["bynder", () => startBynderEmulator()],
];

describe.each(starters)("%s", (_name, start) => {
  let emu: Emulator<unknown>;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  test("has the shape, and setFault drives the shared fault layer", async () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(emu.credentials as object).length).toBeGreaterThan(0);
    emu.setFault({ kind: "status", status: 503, body: "down", times: 1 });
    const down = await fetch(`${emu.url}/anything`);
    expect(down.status).toBe(503);
    expect(await down.text()).toBe("down");
    expect((await fetch(`${emu.url}/anything`)).status).toBe(404); // times: 1 used up
    emu.setFault({ kind: "html", status: 502 });
    expect((await fetch(`${emu.url}/anything`)).headers.get("content-type")).toBe("text/html");
    emu.setFault(null);
    expect((await fetch(`${emu.url}/anything`)).status).toBe(404);
    expect(emu.requests.count("/anything")).toBe(4);
    emu.requests.clear();
    expect(emu.requests.count()).toBe(0);
  });
});

test("close is safe twice and stops the server", async () => {
  const emu = await startBynderEmulator();
  await emu.close();
  await emu.close();
  await expect(fetch(emu.url)).rejects.toThrow();
});

test("Bynder's deprecated aliases are its credentials", async () => {
  const emu = await startBynderEmulator();
  try {
    expect(emu.consumer).toBe(emu.credentials.consumer);
    expect(emu.permanentToken).toBe(emu.credentials.permanentToken);
    expect(emu.handshakeUrls.requestToken).toBe(`${emu.url}/api/v4/oauth/request_token/`);
  } finally {
    await emu.close();
  }
});

test("the token faults are the same on every OAuth 2 emulator (badTokenResponse, revokeTokens)", async () => {
  const oauth2 = await startOAuth2Emulator();
  try {
    oauth2.setFault({ kind: "badTokenResponse", tokenType: "mac", times: 1 });
    const basic = `Basic ${Buffer.from("test-client:test-secret").toString("base64")}`;
    const post = () =>
      fetch(oauth2.tokenUrl, { method: "POST", headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });
    expect(await (await post()).json()).toMatchObject({ token_type: "mac" });
    const { access_token } = (await (await post()).json()) as { access_token: string };
    const ping = () => fetch(oauth2.resourceUrl, { headers: { authorization: `Bearer ${access_token}` } });
    expect((await ping()).status).toBe(200);
    oauth2.setFault({ kind: "revokeTokens" });
    expect((await ping()).status).toBe(401);
  } finally {
    await oauth2.close();
  }
});
