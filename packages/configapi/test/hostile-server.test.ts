import { type ConfigApiEmulator, type Fault, startConfigApiEmulator, startServer } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { expectHostileFailure, HOSTILE_TIMEOUT_MS, hostileCases, startOtherOrigin } from "../../../test-utils/hostile-matrix.js";
import { createConfigApiAuth } from "../src/index.js";

const TOKEN_PATH = "/configapi/v2/oauth/token";
const SECRET = "CANARY-configapi-secret-8a2c";
let emu: ConfigApiEmulator;
let other: Awaited<ReturnType<typeof startOtherOrigin>>;

beforeAll(async () => {
  [emu, other] = await Promise.all([startConfigApiEmulator({ clientId: "canary-client", clientSecret: SECRET }), startOtherOrigin(startServer)]);
});
afterAll(() => Promise.all([emu.close(), other.close()]));
afterEach(() => {
  emu.setFault(null);
  emu.requests.clear();
  other.requests.clear();
});

describe("Config API's token request against a hostile server (real HTTP)", () => {
  test.each(hostileCases<Fault>())("$name -> typed error code $code, fast, nothing leaked or re-sent", async ({ fault, code }) => {
    emu.setFault(fault(other.url, TOKEN_PATH));
    const auth = createConfigApiAuth({ baseUrl: emu.url, clientId: "canary-client", clientSecret: SECRET, timeout: HOSTILE_TIMEOUT_MS, retry: { limit: 1, delay: () => 10 } });
    await expectHostileFailure(() => auth.getToken(), code, [SECRET]);
    // The client secret travels in the form body: a followed 307/308 would have re-sent it there.
    expect(other.requests.count()).toBe(0);
  });

  test("a 429 whose Retry-After is a day gives up at once and says when to retry", async () => {
    emu.setFault({ kind: "rateLimit", retryAfterSeconds: 86_400, paths: [TOKEN_PATH] });
    const auth = createConfigApiAuth({ baseUrl: emu.url, clientId: "canary-client", clientSecret: SECRET });
    const t0 = performance.now();
    const e = await auth.getToken().catch((x: unknown) => x as Error);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect((e as Error).message).toMatch(/retry after .* \(in 86400 s\)/);
    expect(emu.requests.count(TOKEN_PATH)).toBe(1);
  });
});
