import { startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AuthError, ConfigurationError, createTokenEndpointAuth, requireBaseUrl, requireOption, requireSecret, Secret } from "../src/index.js";

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

describe("requireOption / requireBaseUrl (ConfigurationError at construction)", () => {
  test("a missing, blank or non-string option names the option and says what to do", () => {
    expect(requireOption("  my-client ", "clientId")).toBe("my-client");
    for (const [value, said] of [
      [undefined, /"clientId" is missing/],
      ["   ", /"clientId" is blank or not a string/],
      [42, /"clientId" is blank or not a string/],
    ] as const) {
      const e = (() => {
        try {
          requireOption(value, "clientId");
        } catch (x) {
          return x as ConfigurationError;
        }
      })();
      expect(e).toBeInstanceOf(ConfigurationError);
      expect(e!.message).toMatch(said);
      expect(e!.hint).toMatch(/Pass clientId/);
    }
    expect(() => requireOption("", "clientId", "Find it under Settings > API.")).toThrow(expect.objectContaining({ hint: "Find it under Settings > API." }));
  });

  test("a base URL is absolute, https (or loopback http), and loses its trailing slash", () => {
    expect(requireBaseUrl("https://api.example.com/v1/")).toBe("https://api.example.com/v1");
    expect(requireBaseUrl("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
    expect(() => requireBaseUrl("api.example.com")).toThrow(ConfigurationError);
    expect(() => requireBaseUrl("http://api.example.com")).toThrow(expect.objectContaining({ code: "insecure_url" }));
    expect(requireBaseUrl("http://api.example.com", "baseUrl", true)).toBe("http://api.example.com");
    expect(() => requireBaseUrl(undefined, "serverUrl")).toThrow(/"serverUrl" is missing/);
    expect(() => requireBaseUrl("ftp://x")).toThrow(AuthError);
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
