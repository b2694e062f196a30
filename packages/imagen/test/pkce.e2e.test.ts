// PKCE S256 in the authorization code flow (RFC 7636; RFC 8252 §8.1 requires it of native
// apps), against the Imagen emulator, which verifies the verifier when a challenge was sent.
import { createHash } from "node:crypto";
import { type ImagenEmulator, startImagenEmulator } from "@auth/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createImagenAuth, type ImagenAuthOptions } from "../src/node-entry.js";
import { followLikeBrowser, titleOf } from "./helpers.js";

let emu: ImagenEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup(authOptions: Partial<ImagenAuthOptions> = {}) {
  emu = await startImagenEmulator();
  const auth = createImagenAuth({ baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: emu.credentials.apiSecret, retry: 0, responseType: "code", ...authOptions });
  return { emu, auth };
}

const codeFrom = async (url: string) => titleOf(await (await fetch(url)).text());
const exchanges = (e: ImagenEmulator) => e.requests.all.filter((r) => r.path === "/oauth/token").map((r) => new URLSearchParams(r.body));

describe("PKCE in Imagen's authorization code flow", () => {
  it("an installed app sends an S256 challenge by default and its verifier in the code exchange", async () => {
    const { emu, auth } = await setup();
    const { url, codeVerifier } = auth.authorizationUrl();
    const q = new URL(url).searchParams;
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("code_challenge")).toBe(createHash("sha256").update(codeVerifier!).digest("base64url"));
    expect(url).not.toContain(codeVerifier);
    await expect(auth.completeAuthorization(await codeFrom(url))).resolves.toMatchObject({ refreshToken: expect.any(String) });
    expect(exchanges(emu)[0]?.get("code_verifier")).toBe(codeVerifier);
    // Each request has its own verifier.
    expect(auth.authorizationUrl().codeVerifier).not.toBe(codeVerifier);
  });

  it("login() over the loopback listener uses PKCE too", async () => {
    const { emu, auth } = await setup();
    let sent = "";
    const open = (u: string) => {
      sent = u;
      return followLikeBrowser(u);
    };
    await auth.login({ openBrowser: open, timeoutMs: 10_000 });
    expect(new URL(sent).searchParams.get("code_challenge_method")).toBe("S256");
    expect(exchanges(emu)[0]?.get("code_verifier")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("the server refuses a code exchanged with another verifier, or none (the emulator checks, as a PKCE server does)", async () => {
    const { auth } = await setup();
    const first = auth.authorizationUrl();
    const other = createImagenAuth({ baseUrl: emu!.url, apiKey: emu!.credentials.apiKey, apiSecret: emu!.credentials.apiSecret, retry: 0 });
    const wrong = await other.completeAuthorization(await codeFrom(first.url), { state: first.state, responseType: "code", codeVerifier: "x".repeat(43) }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: "oauth_error", error: "invalid_grant" });
    expect(JSON.stringify(wrong)).not.toContain("x".repeat(43)); // the verifier is redacted like the code
    expect(String((wrong as Error).message)).not.toContain("x".repeat(43));
    const second = auth.authorizationUrl();
    const none = await other.completeAuthorization(await codeFrom(second.url), { state: second.state, responseType: "code" }).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: "oauth_error", error: "invalid_grant" });
  });

  it("pkce: false sends no challenge and no verifier", async () => {
    const { emu, auth } = await setup({ pkce: false });
    const { url, codeVerifier } = auth.authorizationUrl();
    expect(codeVerifier).toBeUndefined();
    expect(new URL(url).searchParams.has("code_challenge")).toBe(false);
    await expect(auth.completeAuthorization(await codeFrom(url))).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(exchanges(emu)[0]?.has("code_verifier")).toBe(false);
  });

  it("the implicit grant has no PKCE (no code to protect)", async () => {
    const { auth } = await setup({ responseType: "token" });
    const { url, codeVerifier } = auth.authorizationUrl();
    expect(codeVerifier).toBeUndefined();
    expect(new URL(url).searchParams.has("code_challenge")).toBe(false);
  });

  it("a server that does not know PKCE ignores the verifier: the emulator, given no challenge, accepts any", async () => {
    const { emu, auth } = await setup({ pkce: false });
    const { url, state } = auth.authorizationUrl();
    const token = await auth.completeAuthorization(await codeFrom(url), { state, codeVerifier: "y".repeat(43) });
    expect(token.accessToken).toEqual(expect.any(String));
    expect(exchanges(emu)[0]?.get("code_verifier")).toBe("y".repeat(43));
  });
});
