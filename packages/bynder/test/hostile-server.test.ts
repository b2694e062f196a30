import { type BynderEmulator, type Fault, startBynderEmulator, startServer } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { expectHostileFailure, HOSTILE_BOUND_MS, HOSTILE_TIMEOUT_MS, hostileCases, startOtherOrigin } from "../../../test-utils/hostile-matrix.js";
import { createBynderAuth } from "../src/index.js";

const REQUEST_TOKEN = "/api/v4/oauth/request_token/";
const ACCESS_TOKEN = "/api/v4/oauth/access_token/";
const MEDIA = "/api/v4/media/";
const consumer = { key: "CANARY-CONSUMER-KEY", secret: "CANARY-bynder-consumer-secret-2d8b" };
const permanentToken = { key: "CANARY-TOKEN-KEY", secret: "CANARY-bynder-token-secret-6f01" };
let emu: BynderEmulator;
let other: Awaited<ReturnType<typeof startOtherOrigin>>;

beforeAll(async () => {
  [emu, other] = await Promise.all([startBynderEmulator({ consumer, permanentToken }), startOtherOrigin(startServer)]);
});
afterAll(() => Promise.all([emu.close(), other.close()]));
afterEach(() => {
  emu.setFault(null);
  emu.requests.clear();
  other.requests.clear();
});

const auth = (withToken = false) =>
  createBynderAuth({ baseUrl: emu.url, consumer, ...(withToken ? { token: permanentToken } : {}), timeout: HOSTILE_TIMEOUT_MS });

describe("Bynder's OAuth 1.0a handshake against a hostile server (real HTTP)", () => {
  test.each(hostileCases<Fault>())("request_token: $name -> typed error code $code, fast, nothing leaked or re-sent", async ({ fault, code }) => {
    emu.setFault(fault(other.url, REQUEST_TOKEN));
    await expectHostileFailure(() => auth().requestToken(), code, [consumer.secret]);
    expect(other.requests.count()).toBe(0);
    expect(emu.requests.count(REQUEST_TOKEN)).toBe(1); // never retried: the nonce was spent
  });

  test.each(hostileCases<Fault>())("access_token: $name -> typed error code $code, fast, nothing leaked or re-sent", async ({ fault, code }) => {
    const a = auth();
    const rt = await a.requestToken();
    emu.setFault(fault(other.url, ACCESS_TOKEN));
    await expectHostileFailure(() => a.accessToken(rt), code, [consumer.secret, rt.secret.reveal(), rt.key]);
    expect(other.requests.count()).toBe(0);
  });
});

describe("Bynder's API 401 body, which the client reads to explain the 401", () => {
  for (const [name, fault, code] of [
    ["never ends", { kind: "endlessBody", status: 401, contentType: "application/x-www-form-urlencoded" }, "timeout"],
    ["trickles", { kind: "slowBody", status: 401, intervalMs: 20 }, "timeout"],
    ["is reset mid-body", { kind: "resetMidBody", status: 401 }, "network"],
  ] as const) {
    test(`a 401 body that ${name} -> ${code} within the deadline, through client() and fetch`, async () => {
      emu.setFault({ ...fault, paths: [MEDIA] });
      const a = auth(true);
      await expectHostileFailure(() => a.client({ retry: 0 }).get("api/v4/media/"), code, [consumer.secret, permanentToken.secret, permanentToken.key]);
      await expectHostileFailure(() => a.fetch(`${emu.url}${MEDIA}`), code, [consumer.secret, permanentToken.secret, permanentToken.key]);
    });
  }

  test("a huge 401 body is not read past 64 KiB: the 401 is still explained, fast", async () => {
    emu.setFault({ kind: "hugeBody", status: 401, paths: [MEDIA] });
    const t0 = performance.now();
    const e = await auth(true)
      .client({ retry: 0 })
      .get("api/v4/media/")
      .catch((x: unknown) => x as Error & { code: string });
    expect(e).toMatchObject({ code: "unauthorized", status: 401 });
    expect(performance.now() - t0).toBeLessThan(HOSTILE_BOUND_MS);
  });
});
