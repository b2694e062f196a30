import { startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTokenEndpointAuth } from "../src/index.js";

let emu: Awaited<ReturnType<typeof startOAuth2Emulator>>;
beforeAll(async () => {
  emu = await startOAuth2Emulator();
});
afterAll(() => emu.close());

const auth = (baseUrl?: string) =>
  createTokenEndpointAuth(
    { retry: 0 },
    { key: "urls", url: emu.tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "basic", ...emu.credentials }, ...(baseUrl ? { baseUrl } : {}) },
  );

describe("client() resolves URLs like a browser", () => {
  test("with the provider's base URL: absolute used as is, relative resolved against it", async () => {
    const a = auth(`${emu.url}/api`);
    const before = emu.requests.count("/api/ping");
    expect(await a.client().get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(await a.client().get("ping").json()).toMatchObject({ ok: true }); // {base}/ping
    expect(await a.client().get("/api/ping").json()).toMatchObject({ ok: true }); // origin-relative
    expect(await a.client().get(new URL(emu.resourceUrl)).json()).toMatchObject({ ok: true });
    expect(emu.requests.count("/api/ping") - before).toBe(4);
  });

  test("with ky's prefix: a relative URL is prefixed, an absolute one is not (no http://h/http://h/...)", async () => {
    const api = auth().client({ prefix: `${emu.url}/api/` });
    expect(await api.get("ping").json()).toMatchObject({ ok: true });
    expect(await api.get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(await api.post(emu.resourceUrl).json()).toMatchObject({ ok: true, method: "POST" });
    expect(await api.extend({ timeout: 5000 }).get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(await api(emu.resourceUrl).json()).toMatchObject({ ok: true });
  });

  test("the caller's baseUrl wins over the provider's", async () => {
    const api = auth("https://unused.invalid").client({ baseUrl: `${emu.url}/api/` });
    expect(await api.get("ping").json()).toMatchObject({ ok: true });
  });
});
