import { MemoryTokenStore, storeKey } from "@auth/core";
import { type ConfigApiEmulator, startConfigApiEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { describeClientUrls } from "../../../test-utils/client-urls.js";
import { createConfigApiAuth } from "../src/index.js";

let emu: ConfigApiEmulator;
beforeAll(async () => {
  emu = await startConfigApiEmulator();
});
afterAll(() => emu.close());

const auth = (options: { store?: MemoryTokenStore; key?: string } = {}) => createConfigApiAuth({ baseUrl: emu.url, clientId: emu.credentials.clientId, clientSecret: emu.credentials.clientSecret, retry: 0, ...options });

describeClientUrls("ConfigAPI", () => ({ auth: auth(), emu }));

describe("store key (core's storeKey scheme)", () => {
  test("the token is stored under configapi | base URL | login ID | scope, never the secret", async () => {
    const store = new MemoryTokenStore();
    await auth({ store }).getToken();
    expect(await store.get(storeKey({ provider: "configapi", baseUrl: emu.url, account: emu.credentials.clientId, profile: emu.credentials.scope }))).toBeDefined();
  });
});
