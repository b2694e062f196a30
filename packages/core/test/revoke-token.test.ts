import { startOAuth2Emulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AccessToken, createBearerAuth, MemoryTokenStore, requestToken, revokeToken } from "../src/index.js";

let emu: Awaited<ReturnType<typeof startOAuth2Emulator>>;
beforeAll(async () => {
  emu = await startOAuth2Emulator({ refreshTokens: true });
});
afterAll(() => emu.close());

const clientAuth = () => ({ method: "basic" as const, ...emu.credentials });

// A provider whose fetchToken uses the refresh token when the cache offers one (RFC 6749 §6),
// as an authorization-code provider does; client credentials otherwise.
function provider(store = new MemoryTokenStore()) {
  const grants: string[] = [];
  const auth = createBearerAuth({
    store,
    key: "revoke-test",
    fetchToken: ({ refreshToken }) => {
      const params: Record<string, string> = refreshToken ? { grant_type: "refresh_token", refresh_token: refreshToken } : { grant_type: "client_credentials" };
      grants.push(params.grant_type as string);
      return requestToken({ url: emu.tokenUrl, params, clientAuth: clientAuth(), retry: 0 });
    },
  });
  return { auth, grants, store };
}

const revoke = (token: AccessToken) =>
  revokeToken({ url: emu.revocationUrl, token: token.refreshToken ?? token.accessToken, tokenTypeHint: "refresh_token", clientAuth: clientAuth(), timeout: 2000 });

describe("revokeToken (RFC 7009) + clear(): logout", () => {
  test("revoke, clear: the next getToken() starts afresh instead of replaying the dead refresh token", async () => {
    const { auth, grants, store } = provider();
    const first = await auth.getToken();
    expect(first.refreshToken).toMatch(/^rt_/);
    await revoke(first);
    expect(emu.issuer.verify(first.accessToken)).toBeUndefined(); // §2.1: its access token too
    await auth.clear();
    expect(await store.get("revoke-test")).toBeUndefined();
    const second = await auth.getToken({ forceRefresh: true });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(grants).toEqual(["client_credentials", "client_credentials"]);
  });

  test("without clear(), the cache would replay the revoked refresh token (what clear() prevents)", async () => {
    const { auth, grants } = provider();
    const first = await auth.getToken();
    await revoke(first);
    await expect(auth.getToken({ forceRefresh: true })).rejects.toMatchObject({ code: "oauth_error", error: "invalid_grant" });
    expect(grants).toEqual(["client_credentials", "refresh_token"]);
  });

  test("goes through the bounded exchange: a redirect is refused, not followed", async () => {
    const before = emu.requests.count("/oauth/revoke");
    emu.setFault({ kind: "redirect", location: `${emu.url}/elsewhere`, paths: ["/oauth/revoke"] });
    await expect(revokeToken({ url: emu.revocationUrl, token: "tok_x", clientAuth: clientAuth(), retry: 0 })).rejects.toMatchObject({ code: "redirect" });
    emu.setFault(null);
    expect(emu.requests.count("/oauth/revoke") - before).toBe(1);
    expect(emu.requests.count("/elsewhere")).toBe(0);
  });

  test("goes through the bounded exchange: a body over maxResponseBytes and a server that stalls are typed errors", async () => {
    emu.setFault({ kind: "hugeBody", status: 400, bytes: 64 * 1024, paths: ["/oauth/revoke"] });
    await expect(revokeToken({ url: emu.revocationUrl, token: "tok_x", clientAuth: clientAuth(), retry: 0, maxResponseBytes: 1024 })).rejects.toMatchObject({ code: "response_too_large" });
    emu.setFault({ kind: "delay", delayMs: 2000, paths: ["/oauth/revoke"] });
    await expect(revokeToken({ url: emu.revocationUrl, token: "tok_x", clientAuth: clientAuth(), retry: 0, timeout: 200 })).rejects.toMatchObject({ code: "timeout" });
    emu.setFault(null);
  });

  test("a wrong client is a typed error that quotes neither the token nor the secret", async () => {
    const error = await revokeToken({ url: emu.revocationUrl, token: "tok_canary_revoke", clientAuth: { method: "basic", clientId: emu.credentials.clientId, clientSecret: "canary-secret" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "oauth_error", error: "invalid_client", status: 401 });
    const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(shown).not.toContain("tok_canary_revoke");
    expect(shown).not.toContain("canary-secret");
  });
});
