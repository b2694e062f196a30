import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type ImagenEmulator, startImagenEmulator } from "@auth/testing";
import { afterEach, describe, expect, expectTypeOf, test } from "vitest";
import { type AuthorizationCodeAuth, type AuthorizationCodeOptions, createAuthorizationCodeAuth, FlowError, type InteractiveProviderAuth, MemoryTokenStore } from "../src/index.js";
import { runLoopbackLogin } from "../src/node.js";

// A real authorization server with a code grant, PKCE checks and rotating refresh tokens.
let emu: ImagenEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup(extra: Partial<AuthorizationCodeOptions> = {}) {
  emu = await startImagenEmulator();
  const auth = createAuthorizationCodeAuth({
    clientId: emu.credentials.apiKey,
    clientSecret: emu.credentials.apiSecret,
    authorizationEndpoint: emu.authorizeUrl,
    tokenEndpoint: emu.tokenUrl,
    scopes: ["readUsersData"],
    retry: 0,
    ...extra,
  });
  return { emu, auth };
}

/** What a browser does with the authorization URL: follow it to the redirect (not followed further). */
async function authorize(url: string): Promise<string> {
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (!location) throw new Error(`authorize answered ${res.status} without a redirect`);
  return location;
}

const lastTokenRequest = (e: ImagenEmulator) => e.requests.all.filter((r) => r.path === "/oauth/token").at(-1)!.body;
const titleOf = (html: string) => html.slice(html.indexOf("<title>") + 7, html.indexOf("</title>"));

test("its return type is the provider contract (InteractiveProviderAuth)", () => {
  expectTypeOf<AuthorizationCodeAuth>().toExtend<InteractiveProviderAuth<NonNullable<Parameters<AuthorizationCodeAuth["login"]>[0]>>>();
  expectTypeOf(createAuthorizationCodeAuth).returns.toExtend<InteractiveProviderAuth>();
});

describe("createAuthorizationCodeAuth", () => {
  test("getToken before any login rejects with login_required, never undefined", async () => {
    const { auth } = await setup();
    await expect(auth.getToken()).rejects.toMatchObject({ code: "login_required", message: /log in first/ });
  });

  test("authorization URL with state and PKCE S256; the redirect completes into a stored token that refreshes", async () => {
    const store = new MemoryTokenStore();
    const { emu, auth } = await setup({ redirectUri: "http://127.0.0.1:9/cb", store, key: "test|code" });
    const { url, state, codeVerifier } = auth.authorizationUrl();
    const sent = new URL(url).searchParams;
    expect(Object.fromEntries(sent)).toMatchObject({ response_type: "code", client_id: emu.credentials.apiKey, redirect_uri: "http://127.0.0.1:9/cb", state, scope: "readUsersData", code_challenge_method: "S256" });
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = await auth.completeAuthorization(await authorize(url));
    expect(token.refreshToken).toBeDefined();
    const exchange = new URLSearchParams(lastTokenRequest(emu));
    expect(exchange.get("code_verifier")).toBe(codeVerifier);
    expect(exchange.get("redirect_uri")).toBe("http://127.0.0.1:9/cb");
    expect((await store.get("test|code"))?.accessToken).toBe(token.accessToken);
    expect((await auth.fetch(`${emu.apiUrl}/records`)).status).toBe(200);
    emu.setFault({ kind: "expireTokens" });
    const next = await auth.getToken({ forceRefresh: true });
    expect(next.accessToken).not.toBe(token.accessToken);
    expect(new URLSearchParams(lastTokenRequest(emu)).get("grant_type")).toBe("refresh_token");
  });

  test("a response with another state is refused and nothing is exchanged", async () => {
    const { emu, auth } = await setup({ redirectUri: "http://127.0.0.1:9/cb" });
    const location = new URL(await authorize(auth.authorizationUrl().url));
    location.searchParams.set("state", "forged");
    await expect(auth.completeAuthorization(location.href)).rejects.toBeInstanceOf(FlowError);
    expect(emu.requests.count("/oauth/token")).toBe(0);
  });

  test("a code exchanged without its PKCE verifier is refused by the server", async () => {
    const { emu, auth } = await setup({ redirectUri: "http://127.0.0.1:9/cb" });
    const { url, state } = auth.authorizationUrl();
    const other = createAuthorizationCodeAuth({ clientId: emu.credentials.apiKey, clientSecret: emu.credentials.apiSecret, authorizationEndpoint: emu.authorizeUrl, tokenEndpoint: emu.tokenUrl, retry: 0 });
    await expect(other.completeAuthorization(await authorize(url), { state, redirectUri: "http://127.0.0.1:9/cb" })).rejects.toMatchObject({ error: "invalid_grant" });
  });

  test("login() over the loopback redirect: listener, browser, code exchange", async () => {
    const { emu, auth } = await setup({ loginRunner: runLoopbackLogin });
    let sent = "";
    const token = await auth.login({
      timeoutMs: 10_000,
      openBrowser: async (url) => {
        sent = url;
        await fetch(await authorize(url));
      },
    });
    expect(new URL(sent).searchParams.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect((await auth.getToken()).accessToken).toBe(token.accessToken);
    expect((await auth.fetch(`${emu.apiUrl}/records`)).status).toBe(200);
  });

  test("login({ oob }) sends the out-of-band URI and exchanges the pasted code", async () => {
    const { auth } = await setup({ loginRunner: runLoopbackLogin });
    let page = "";
    const token = await auth.login({
      timeoutMs: 10_000,
      openBrowser: async (url) => {
        expect(new URL(url).searchParams.get("redirect_uri")).toBe("urn:ietf:wg:oauth:2.0:oob");
        page = await (await fetch(url)).text();
      },
      oob: { read: async () => titleOf(page) },
    });
    expect(token.refreshToken).toBeDefined();
  });

  test("login() without a runner (the runtime-neutral build) rejects with login_unavailable and a way out", async () => {
    const { auth } = await setup();
    await expect(auth.login()).rejects.toMatchObject({ code: "login_unavailable", hint: /authorizationUrl\(\).*completeAuthorization\(\)/ });
  });

  test("clear() forgets the token: the next getToken() says to log in", async () => {
    const { auth } = await setup({ redirectUri: "http://127.0.0.1:9/cb" });
    await auth.completeAuthorization(await authorize(auth.authorizationUrl().url));
    await auth.clear();
    await expect(auth.getToken()).rejects.toMatchObject({ code: "login_required" });
  });

  test("the implicit grant only when allowed", async () => {
    const { auth } = await setup();
    expect(() => auth.authorizationUrl({ responseType: "token" })).toThrow(/responseType must be "code"/);
  });

  test("a code flow without the secret of a confidential client is a ConfigurationError before any request", async () => {
    const { emu } = await setup();
    const auth = createAuthorizationCodeAuth({ clientId: "c", clientAuthentication: "basic", authorizationEndpoint: emu.authorizeUrl, tokenEndpoint: emu.tokenUrl });
    expect(() => auth.authorizationUrl()).toThrow(/needs the client secret/);
  });
});

describe("refresh (RFC 6749 §6)", () => {
  test("a refresh response without refresh_token keeps the previous refresh token", async () => {
    // A server that rotates nothing: it answers every refresh without a refresh_token and records what it got.
    const received: string[] = [];
    let n = 0;
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        const form = new URLSearchParams(body);
        received.push(form.get("refresh_token") ?? form.get("code") ?? "");
        n++;
        const refresh = form.get("grant_type") === "authorization_code" ? { refresh_token: "the-first-refresh-token" } : {};
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ access_token: `access-${n}`, token_type: "Bearer", expires_in: 3600, ...refresh }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const auth = createAuthorizationCodeAuth({ clientId: "public-app", authorizationEndpoint: `${base}/authorize`, tokenEndpoint: `${base}/token`, retry: 0 });
      const { state } = auth.authorizationUrl();
      await auth.completeAuthorization(`http://127.0.0.1/cb?code=the-code&state=${state}`);
      const second = await auth.getToken({ forceRefresh: true });
      expect(second.accessToken).toBe("access-2");
      expect(second.refreshToken).toBe("the-first-refresh-token");
      await auth.getToken({ forceRefresh: true });
      expect(received).toEqual(["the-code", "the-first-refresh-token", "the-first-refresh-token"]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("secrets never leak from the code flow", () => {
  test("a token endpoint echoing the form (code, verifier, secret) in its error: none of them in the error, in any print", async () => {
    const SECRET = "canary-client-secret-7f3a";
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        // A careless server: it echoes everything it received, as text and as an OAuth error description.
        res.writeHead(400, { "content-type": "application/json" });
        const echoed = `${body} ${req.headers.authorization ?? ""}`;
        res.end(JSON.stringify({ error: "invalid_grant", error_description: `bad request: ${echoed}` }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const auth = createAuthorizationCodeAuth({ clientId: "app", clientSecret: SECRET, authorizationEndpoint: `${base}/authorize`, tokenEndpoint: `${base}/token`, retry: 0 });
      const { state, codeVerifier } = auth.authorizationUrl();
      const code = "canary-code-91b2c";
      const error = await auth.completeAuthorization(`http://127.0.0.1/cb?code=${code}&state=${state}`).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "oauth_error", error: "invalid_grant" });
      const { inspect } = await import("node:util");
      const printed = [String(error), (error as Error).stack, inspect(error, { depth: 5 }), JSON.stringify(error), (error as { errorDescription?: string }).errorDescription].join("\n");
      for (const canary of [SECRET, code, codeVerifier!, Buffer.from(`app:${SECRET}`).toString("base64")]) expect(printed).not.toContain(canary);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
