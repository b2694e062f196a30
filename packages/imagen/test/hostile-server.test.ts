import { type Fault, type ImagenEmulator, startImagenEmulator, startServer } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { expectHostileFailure, HOSTILE_TIMEOUT_MS, hostileCases, startOtherOrigin } from "../../../test-utils/hostile-matrix.js";
import { createImagenAuth } from "../src/index.js";

const SECRET = "CANARY-imagen-secret-5be0";
const CODE = "CANARY-imagen-code-c417";
let emu: ImagenEmulator;
let other: Awaited<ReturnType<typeof startOtherOrigin>>;

beforeAll(async () => {
  [emu, other] = await Promise.all([startImagenEmulator({ apiKey: "canary-key", apiSecret: SECRET }), startOtherOrigin(startServer)]);
});
afterAll(() => Promise.all([emu.close(), other.close()]));
afterEach(() => {
  emu.setFault(null);
  emu.requests.clear();
  other.requests.clear();
});

describe("Imagen's code exchange against a hostile token endpoint (real HTTP)", () => {
  test.each(hostileCases<Fault>())("$name -> typed error code $code, fast, nothing leaked or re-sent", async ({ fault, code }) => {
    // The fault answers before the code is checked, so any code will do; it is a canary too.
    emu.setFault(fault(other.url, "/oauth/token"));
    const auth = createImagenAuth({ baseUrl: emu.url, apiKey: "canary-key", apiSecret: SECRET, responseType: "code", timeout: HOSTILE_TIMEOUT_MS, retry: { limit: 1, delay: () => 10 } });
    auth.authorizationUrl();
    const basic = Buffer.from(`canary-key:${SECRET}`).toString("base64");
    await expectHostileFailure(() => auth.completeAuthorization(CODE), code, [SECRET, CODE, basic]);
    expect(emu.requests.count("/oauth/token")).toBeGreaterThan(0);
    expect(other.requests.count()).toBe(0);
  });
});
