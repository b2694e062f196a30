import { MemoryTokenStore, storeKey } from "@auth/core";
import { type MetapackEmulator, startMetapackEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMetapackAuth } from "../src/index.js";

let emu: MetapackEmulator;
beforeAll(async () => {
  emu = await startMetapackEmulator();
});
afterAll(() => emu.close());

const auth = (options: { store?: MemoryTokenStore; key?: string } = {}) => createMetapackAuth({ baseUrl: emu.url, properties: emu.credentials.properties, retry: 0, ...options });

describe("client() resolves URLs like a browser (Metapack)", () => {
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
  test("the token is stored under metapack | base URL | API key id, never the secret", async () => {
    const store = new MemoryTokenStore();
    await auth({ store }).getToken();
    expect(await store.get(storeKey({ provider: "metapack", baseUrl: emu.url, account: emu.credentials.apiKeyId }))).toBeDefined();
  });
});
