import { startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createBearerAuth, requestToken } from "../src/index.js";

let emu: Awaited<ReturnType<typeof startOAuth2Emulator>>;
beforeAll(async () => {
  emu = await startOAuth2Emulator();
});
afterAll(() => emu.close());

test("1000 concurrent requests on a cold cache make one token request", async () => {
  const auth = createBearerAuth({
    fetchToken: () =>
      requestToken({ url: emu.tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "basic", ...emu.credentials } }),
  });
  const api = auth.client();
  const results = await Promise.all(Array.from({ length: 1000 }, () => api.get(emu.resourceUrl).json<{ ok: boolean }>()));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(emu.requests.count("/oauth/token")).toBe(1);
  emu.setFault({ kind: "expireTokens" });
  const r = await auth.fetch(emu.resourceUrl);
  expect(r.status).toBe(200);
  expect(emu.requests.count("/oauth/token")).toBe(2);
});
