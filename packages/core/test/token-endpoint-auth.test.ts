import { startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigurationError, createTokenEndpointAuth, requireSecret, Secret } from "../src/index.js";

let emu: Awaited<ReturnType<typeof startOAuth2Emulator>>;
beforeAll(async () => {
  emu = await startOAuth2Emulator({ clientAuth: "post" });
});
afterAll(() => emu.close());

describe("createTokenEndpointAuth", () => {
  test("wires a token endpoint, the cache and the shared settings into the bearer shape", async () => {
    const auth = createTokenEndpointAuth(
      { timeout: 2000, retry: 0 },
      { key: "t", url: emu.tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "post", ...emu.credentials } },
    );
    const before = emu.requests.count("/oauth/token");
    const r = await auth.fetch(emu.resourceUrl);
    expect(r.status).toBe(200);
    expect(await auth.client().get(emu.resourceUrl).json()).toMatchObject({ ok: true });
    expect(emu.requests.count("/oauth/token") - before).toBe(1);
  });

  test("settings reach the token request (retry: 0 means one attempt)", async () => {
    emu.setFault({ kind: "status", status: 503, times: 5, paths: ["/oauth/token"] });
    const auth = createTokenEndpointAuth(
      { retry: 0 },
      { key: "t2", url: emu.tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "post", ...emu.credentials } },
    );
    const before = emu.requests.count("/oauth/token");
    await expect(auth.getToken()).rejects.toMatchObject({ code: "token_endpoint", status: 503 });
    expect(emu.requests.count("/oauth/token") - before).toBe(1);
    emu.setFault(null);
  });
});

describe("requireSecret", () => {
  test("keeps whitespace, wraps in Secret, and names the option without the value", () => {
    expect(requireSecret(" s3cret ", "clientSecret").reveal()).toBe(" s3cret ");
    expect(requireSecret(new Secret("x"), "clientSecret").reveal()).toBe("x");
    expect(() => requireSecret("", "clientSecret")).toThrow(ConfigurationError);
    expect(() => requireSecret(undefined, "apiKeySecret")).toThrow(/apiKeySecret/);
    expect(() => requireSecret(new Secret(""), "clientSecret")).toThrow(/empty/);
  });
});
