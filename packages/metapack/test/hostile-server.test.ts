import { type Fault, type MetapackEmulator, startMetapackEmulator, startServer } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { expectHostileFailure, HOSTILE_TIMEOUT_MS, hostileCases, startOtherOrigin } from "../../../test-utils/hostile-matrix.js";
import { createMetapackAuth } from "../src/index.js";

const SECRET = "CANARY-metapack-secret-31f9";
let emu: MetapackEmulator;
let other: Awaited<ReturnType<typeof startOtherOrigin>>;

beforeAll(async () => {
  [emu, other] = await Promise.all([startMetapackEmulator({ apiKeyId: "canary-id", apiKeySecret: SECRET }), startOtherOrigin(startServer)]);
});
afterAll(() => Promise.all([emu.close(), other.close()]));
afterEach(() => {
  emu.setFault(null);
  emu.requests.clear();
  other.requests.clear();
});

describe("Metapack's token request against a hostile server (real HTTP)", () => {
  test.each(hostileCases<Fault>())("$name -> typed error code $code, fast, nothing leaked or re-sent", async ({ fault, code }) => {
    emu.setFault(fault(other.url, "/oauth"));
    const auth = createMetapackAuth({ baseUrl: emu.url, apiKeyId: "canary-id", apiKeySecret: SECRET, timeout: HOSTILE_TIMEOUT_MS, retry: { limit: 1, delay: () => 10 } });
    const basic = Buffer.from(`canary-id:${SECRET}`).toString("base64");
    await expectHostileFailure(() => auth.getToken(), code, [SECRET, basic]);
    expect(other.requests.count()).toBe(0);
    expect(emu.requests.count("/api/ping")).toBe(0);
  });

  test("after the fault clears, the same client gets a token (nothing stuck in single flight)", async () => {
    emu.setFault({ kind: "endlessBody", paths: ["/oauth"], times: 1 });
    const auth = createMetapackAuth({ baseUrl: emu.url, apiKeyId: "canary-id", apiKeySecret: SECRET, timeout: HOSTILE_TIMEOUT_MS, retry: 0 });
    await expect(auth.getToken()).rejects.toMatchObject({ code: "timeout" });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: expect.stringMatching(/bearer/i) });
  });
});
