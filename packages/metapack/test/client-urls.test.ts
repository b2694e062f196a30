import { MemoryTokenStore, storeKey } from "@auth/core";
import { type MetapackEmulator, startMetapackEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { describeClientUrls } from "../../../test-utils/client-urls.js";
import { createMetapackAuth } from "../src/index.js";

let emu: MetapackEmulator;
beforeAll(async () => {
  emu = await startMetapackEmulator();
});
afterAll(() => emu.close());

const auth = (options: { store?: MemoryTokenStore; key?: string } = {}) => createMetapackAuth({ baseUrl: emu.url, properties: emu.credentials.properties, retry: 0, ...options });

describeClientUrls("Metapack", () => ({ auth: auth(), emu }));

describe("store key (core's storeKey scheme)", () => {
  test("the token is stored under metapack | base URL | API key id, never the secret", async () => {
    const store = new MemoryTokenStore();
    await auth({ store }).getToken();
    expect(await store.get(storeKey({ provider: "metapack", baseUrl: emu.url, account: emu.credentials.apiKeyId }))).toBeDefined();
  });
});
