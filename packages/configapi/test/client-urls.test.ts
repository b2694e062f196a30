import { MemoryTokenStore, storeKey } from "@auth/core";
import { type ConfigApiEmulator, startConfigApiEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createConfigApiAuth } from "../src/index.js";

let emu: ConfigApiEmulator;
beforeAll(async () => {
  emu = await startConfigApiEmulator();
});
afterAll(() => emu.close());

const auth = (options: { store?: MemoryTokenStore; key?: string } = {}) => createConfigApiAuth({ baseUrl: emu.url, clientId: emu.credentials.clientId, clientSecret: emu.credentials.clientSecret, retry: 0, ...options });

describe("client() resolves URLs like a browser (ConfigAPI)", () => {
  test("absolute used as is; relative resolved against baseUrl; with ky's prefix an absolute URL is still used as is", async () => {
    const a = auth();
    const before = emu.requests.count("/api/ping");
    expect(await a.client().get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(await a.client().get("api/ping").json()).toMatchObject({ ok: true });
    expect(await a.client({ prefix: `${emu.url}/api/` }).get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(await a.client({ prefix: `${emu.url}/api/` }).get("ping").json()).toMatchObject({ ok: true });
    expect(emu.requests.count("/api/ping") - before).toBe(4);
  });
});

describe("store key (core's storeKey scheme)", () => {
  test("the token is stored under configapi | base URL | login ID | scope, never the secret", async () => {
    const store = new MemoryTokenStore();
    await auth({ store }).getToken();
    expect(await store.get(storeKey({ provider: "configapi", baseUrl: emu.url, account: emu.credentials.clientId, profile: emu.credentials.scope }))).toBeDefined();
  });
});
