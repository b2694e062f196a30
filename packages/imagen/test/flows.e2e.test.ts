import { type AddressInfo, createServer } from "node:net";
import { type ImagenEmulator, type ImagenEmulatorOptions, startImagenEmulator } from "@auth/testing";
import { afterEach, describe, expect, it } from "vitest";
import { AuthError, ConfigurationError, createImagenAuth, FlowError, type ImagenAuthOptions, ImagenScopes, InsufficientScopeError, OAuthError } from "../src/node-entry.js";
import { canBind, followLikeBrowser, shownText, textOf, titleOf } from "./helpers.js";

let emu: ImagenEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup(emuOptions: ImagenEmulatorOptions = {}, authOptions: Partial<ImagenAuthOptions> = {}) {
  let now = Date.now();
  const clock = () => now;
  emu = await startImagenEmulator({ clock, ...emuOptions });
  const auth = createImagenAuth({ baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: emu.credentials.apiSecret, clock, retry: 0, ...authOptions });
  return { emu, auth, advance: (ms: number) => (now += ms) };
}

/** An opener that follows the URL like a browser and remembers it. */
function recordingBrowser() {
  const b = {
    sent: "",
    open: (url: string) => {
      b.sent = url;
      return followLikeBrowser(url);
    },
  };
  return b;
}

const page = async (url: string) => {
  const res = await fetch(url, { redirect: "manual" });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
};

describe("implicit grant (docs/providers.md#imagen-bearer-token-url)", () => {
  it("oob: the token from the page title works against the API", async () => {
    const { emu, auth } = await setup();
    const { url } = auth.authorizationUrl();
    expect(url).toContain("response_type=token");
    expect(url).toContain("redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob");
    expect(url).toContain("scope=readUsersData%20modifyUsersData");
    const { status, html } = await page(url);
    expect(status).toBe(200);
    const token = await auth.completeAuthorization(`  ${titleOf(html)}\n`);
    expect(token.expiresAt).toBeUndefined(); // a bare token carries no expires_in
    const res = await auth.fetch(`${emu.apiUrl}/records`);
    expect(res.status).toBe(200);
  });

  it("oob: pasting the full response checks state and keeps expires_in and scope", async () => {
    const { auth } = await setup();
    const { url } = auth.authorizationUrl({ scopes: [ImagenScopes.readUsersData] });
    const { html } = await page(url);
    const token = await auth.completeAuthorization(textOf(html, "response"));
    expect(token.expiresAt).toBeGreaterThan(Date.now());
    expect(token.scopes).toEqual(["readUsersData"]);
    expect((await auth.getToken()).accessToken).toBe(token.accessToken);
  });

  it("oob: each thing the page shows can be pasted as shown (title, the code box, the whole Response: line)", async () => {
    const { emu } = await setup();
    for (const responseType of ["token", "code"] as const) {
      const auth = createImagenAuth({ baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: emu.credentials.apiSecret, responseType, retry: 0 });
      const pasteable = (html: string) => [titleOf(html), /id="code" readonly value="([^"]*)"/.exec(html)![1]!, shownText(html, "response-line")];
      for (const [i, what] of ["title", "code box", "response line"].entries()) {
        const { html } = await page(auth.authorizationUrl().url);
        const shown = pasteable(html)[i]!;
        if (what === "response line") expect(shown).toMatch(/^Response: .*state=/);
        const token = await auth.completeAuthorization(`${shown}\n`).catch((e: unknown) => e);
        expect(token, `${responseType}: ${what}`).toMatchObject({ accessToken: expect.any(String) });
      }
    }
  });

  it("a bare value is accepted without a state (like the CLI: new client, state from elsewhere); parameters must carry the state", async () => {
    const { emu, auth } = await setup({}, { responseType: "code" });
    const { url, state, codeVerifier } = auth.authorizationUrl();
    const { html } = await page(url);
    const other = createImagenAuth({ baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: emu.credentials.apiSecret, retry: 0 });
    // The PKCE verifier travels with the state to the object that exchanges the code.
    await expect(other.completeAuthorization(titleOf(html), { state, codeVerifier, responseType: "code" })).resolves.toMatchObject({ refreshToken: expect.any(String) });
    const line = shownText((await page(auth.authorizationUrl().url)).html, "response-line");
    await expect(auth.completeAuthorization(line.replace(/&state=[^&]*/, ""))).rejects.toMatchObject({ code: "flow", message: /has no state/ });
    const line2 = shownText((await page(auth.authorizationUrl().url)).html, "response-line");
    await expect(auth.completeAuthorization(line2, { state })).rejects.toMatchObject({ code: "flow", message: /does not match/ });
  });

  it("login({ oob }): the URL is shown, the page's whole Response: line pasted back, state checked, code exchanged", async () => {
    const { emu, auth } = await setup({}, { responseType: "code" });
    let html = "";
    const token = await auth.login({
      timeoutMs: 10_000,
      openBrowser: async (url) => {
        expect(new URL(url).searchParams.get("redirect_uri")).toBe("urn:ietf:wg:oauth:2.0:oob");
        html = (await page(url)).html;
      },
      oob: { read: async () => shownText(html, "response-line") },
    });
    expect(token.refreshToken).toBeDefined();
    expect((await auth.fetch(`${emu.apiUrl}/records`)).status).toBe(200);
  });

  it("oob:auto: the title carries the token, the page only asks to close the window", async () => {
    const { auth } = await setup({}, { redirectUri: "urn:ietf:wg:oauth:2.0:oob:auto" });
    const { html } = await page(auth.authorizationUrl().url);
    expect(html).toContain("close this window");
    expect(html).not.toContain("paste");
    const token = await auth.completeAuthorization(titleOf(html));
    expect(token.accessToken.length).toBeGreaterThan(10);
  });

  it("loopback on any port: the token in the fragment is posted back by the listener page", async () => {
    const { emu, auth } = await setup();
    const browser = recordingBrowser();
    const token = await auth.login({ openBrowser: browser.open, timeoutMs: 10_000 });
    expect(new URL(browser.sent).searchParams.get("redirect_uri")).toMatch(/^http:\/\/localhost:\d+$/);
    expect(token.expiresAt).toBeDefined();
    expect((await auth.fetch(`${emu.apiUrl}/media`)).status).toBe(200);
  });

  it("after expiry there is no refresh: getToken says to log in again", async () => {
    const { auth, advance } = await setup();
    const { html } = await page(auth.authorizationUrl().url);
    const token = await auth.completeAuthorization(textOf(html, "response"));
    advance(3600_000 - 120_000); // inside the early-refresh window, still valid: keep using it
    expect((await auth.getToken()).accessToken).toBe(token.accessToken);
    advance(180_000);
    const error = await auth.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe("login_required");
    expect((error as AuthError).message).toMatch(/log in again/);
  });

  it("getToken before any login says to log in", async () => {
    const { auth } = await setup();
    await expect(auth.getToken()).rejects.toMatchObject({ code: "login_required", message: /log in first/ });
  });
});

describe("authorization code grant (docs/providers.md#imagen-applications)", () => {
  it("oob: pasted code is exchanged with the API key and secret, then refreshed", async () => {
    const { emu, auth, advance } = await setup({}, { responseType: "code" });
    const { url } = auth.authorizationUrl();
    expect(url).toContain("response_type=code");
    const { html } = await page(url);
    const token = await auth.completeAuthorization(titleOf(html));
    expect(token.refreshToken).toBeDefined();
    const exchange = emu.requests.all.find((r) => r.path === "/oauth/token")!;
    expect(exchange.headers.authorization).toMatch(/^Basic /);
    expect(new URLSearchParams(exchange.body).get("grant_type")).toBe("authorization_code");
    expect(new URLSearchParams(exchange.body).get("redirect_uri")).toBe("urn:ietf:wg:oauth:2.0:oob");
    advance(3600_000);
    const next = await auth.getToken();
    expect(next.accessToken).not.toBe(token.accessToken);
    expect(emu.requests.count("/oauth/token")).toBe(2);
    expect((await auth.fetch(`${emu.apiUrl}/collections`)).status).toBe(200);
  });

  it("a token the server rejects (401) is refreshed with its refresh token, then the request retried", async () => {
    const { emu, auth } = await setup({}, { responseType: "code" });
    const first = await auth.completeAuthorization(titleOf((await page(auth.authorizationUrl().url)).html));
    emu.setFault({ kind: "expireTokens" });
    expect((await auth.fetch(`${emu.apiUrl}/records`)).status).toBe(200);
    expect((await auth.getToken()).accessToken).not.toBe(first.accessToken);
    expect(emu.requests.count("/oauth/token")).toBe(2);
  });

  it("a code is used once", async () => {
    const { auth } = await setup({}, { responseType: "code" });
    const { html } = await page(auth.authorizationUrl().url);
    const code = titleOf(html);
    await auth.completeAuthorization(code);
    await expect(auth.completeAuthorization(code, { responseType: "code" })).rejects.toMatchObject({ error: "invalid_grant", hint: /log in again/ });
  });

  it("loopback on any port: the code arrives in the query", async () => {
    const { emu, auth } = await setup({}, { responseType: "code" });
    const token = await auth.login({ openBrowser: followLikeBrowser, timeoutMs: 10_000 });
    expect(token.refreshToken).toBeDefined();
    expect((await auth.fetch(`${emu.apiUrl}/records`)).status).toBe(200);
  });

  it("login honours an AbortSignal: it rejects and frees the loopback port", async () => {
    const { auth } = await setup({}, { responseType: "code" });
    const controller = new AbortController();
    let sent = "";
    const pending = auth.login({
      openBrowser: (url) => {
        sent = url;
        setTimeout(() => controller.abort(), 50);
      },
      signal: controller.signal,
      timeoutMs: 10_000,
    });
    await expect(pending).rejects.toBeInstanceOf(Error);
    const port = Number(new URL(new URL(sent).searchParams.get("redirect_uri")!).port);
    expect(port).toBeGreaterThan(0);
    expect((await canBind(port)).ok).toBe(true);
  });

  it("loopback: a configured http://127.0.0.1:PORT/callback is used as is", async () => {
    const free = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const { auth } = await setup({}, { responseType: "code", redirectUri: `http://127.0.0.1:${free}/callback` });
    const browser = recordingBrowser();
    await auth.login({ openBrowser: browser.open, timeoutMs: 10_000 });
    expect(new URL(browser.sent).searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:${free}/callback`);
  });

  it("loopback on port 80, the reserved http://localhost exactly", async (ctx) => {
    const probe = await canBind(80);
    if (!probe.ok) {
      console.warn(`SKIPPED port-80 case: this process cannot listen on 127.0.0.1:80 (${probe.reason}); run as root or with CAP_NET_BIND_SERVICE to cover it.`);
      ctx.skip();
      return;
    }
    const { emu, auth } = await setup({ loopbackAnyPort: false }, { responseType: "code", redirectUri: "http://localhost" });
    const browser = recordingBrowser();
    const token = await auth.login({ port: 80, openBrowser: browser.open, timeoutMs: 10_000 });
    expect(token.refreshToken).toBeDefined();
    expect(new URL(browser.sent).searchParams.get("redirect_uri")).toBe("http://localhost");
    expect((await auth.fetch(`${emu.apiUrl}/records`)).status).toBe(200);
  });

  it("custom URI scheme: the app receives the redirect and completes it", async () => {
    const uri = "com.example.imagen:/oauth2redirect";
    const { auth } = await setup({ redirectUri: uri }, { responseType: "code", redirectUri: uri });
    const { status, location } = await page(auth.authorizationUrl().url);
    expect(status).toBe(302);
    expect(location).toMatch(/^com\.example\.imagen:\/oauth2redirect\?code=/);
    const token = await auth.completeAuthorization(location!);
    expect(token.refreshToken).toBeDefined();
  });

  it("web application: https redirect, code exchanged with form-body client authentication", async () => {
    const uri = "https://app.example.com/imagen/callback";
    const { emu, auth } = await setup({ applicationType: "web", redirectUri: uri }, { applicationType: "web", redirectUri: uri, responseType: "code", clientAuthentication: "post" });
    const { location } = await page(auth.authorizationUrl().url);
    expect(location!.startsWith(`${uri}?code=`)).toBe(true);
    await auth.completeAuthorization(location!);
    const body = new URLSearchParams(emu.requests.all.find((r) => r.path === "/oauth/token")!.body);
    expect(body.get("client_id")).toBe(emu.credentials.apiKey);
    await expect(auth.login()).rejects.toBeInstanceOf(ConfigurationError);
  });

  it("a configurable token endpoint", async () => {
    const { emu } = await setup({ tokenPath: "/api/oauth2/token" });
    const a2 = createImagenAuth({ baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: emu.credentials.apiSecret, responseType: "code", tokenEndpoint: emu.tokenUrl });
    const { html } = await page(a2.authorizationUrl().url);
    await a2.completeAuthorization(titleOf(html));
    expect(emu.requests.count("/api/oauth2/token")).toBe(1);
  });

  it("a token endpoint 503 is retried; an HTML error page is a clear error", async () => {
    const { emu, auth } = await setup({}, { responseType: "code", retry: { limit: 1, delay: () => 10 } });
    emu.setFault({ kind: "status", status: 503, paths: ["/oauth/token"], times: 1 });
    await auth.completeAuthorization(titleOf((await page(auth.authorizationUrl().url)).html));
    emu.setFault({ kind: "html", paths: ["/oauth/token"] });
    const error = await auth.completeAuthorization(titleOf((await page(auth.authorizationUrl().url)).html)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "token_endpoint", status: 502 });
  });

  it("a second client with the same store reuses the token, and refreshes it from the store after expiry", async () => {
    const { emu } = await setup();
    const { MemoryTokenStore } = await import("@auth/core");
    const store = new MemoryTokenStore();
    let now = Date.now();
    const shared = { baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: emu.credentials.apiSecret, store, responseType: "code" as const };
    const a1 = createImagenAuth({ ...shared, clock: () => now });
    const t = await a1.completeAuthorization(titleOf((await page(a1.authorizationUrl().url)).html));
    const a2 = createImagenAuth({ ...shared, clock: () => now });
    expect((await a2.getToken()).accessToken).toBe(t.accessToken);
    now += 3600_000;
    emu.issuer.clock = () => now;
    const a3 = createImagenAuth({ ...shared, clock: () => now });
    const refreshed = await a3.getToken();
    expect(refreshed.accessToken).not.toBe(t.accessToken);
  });
});

describe("errors a user meets, with hints", () => {
  it("a disabled application: authorize, refresh and API calls all say so", async () => {
    const { emu, auth } = await setup({}, { responseType: "code" });
    await auth.completeAuthorization(titleOf((await page(auth.authorizationUrl().url)).html));
    emu.setEnabled(false);
    const flow = await page(auth.authorizationUrl().url);
    const e1 = await auth.completeAuthorization(textOf(flow.html, "response")).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(FlowError);
    expect((e1 as FlowError).error).toBe("unauthorized_client");
    expect((e1 as FlowError).hint).toMatch(/disabled the application/);
    const e2 = await auth.getToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(OAuthError);
    expect((e2 as OAuthError).hint).toMatch(/Imagen administrator may have disabled/);
    const e3 = await auth.fetch(`${emu.apiUrl}/records`).catch((e: unknown) => e);
    expect((e3 as OAuthError).hint).toMatch(/disabled/);
  });

  it("a disabled application's implicit token stops working: log in again, maybe disabled", async () => {
    const { emu, auth } = await setup();
    await auth.completeAuthorization(textOf((await page(auth.authorizationUrl().url)).html, "response"));
    emu.setFault({ kind: "disableApplication" });
    const error = await auth.fetch(`${emu.apiUrl}/records`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "login_required", message: expect.stringMatching(/disabled by an Imagen administrator.*log in again/) });
  });

  it("403 insufficient_scope becomes InsufficientScopeError naming the scope and MediaControlCentre", async () => {
    const { emu, auth } = await setup();
    await auth.completeAuthorization(textOf((await page(auth.authorizationUrl().url)).html, "response"));
    const error = await auth.fetch(`${emu.apiUrl}/jobs`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect((error as InsufficientScopeError).scopes).toEqual(["manageJobs"]);
    expect((error as InsufficientScopeError).message).toContain('"manageJobs"');
    expect((error as InsufficientScopeError).hint).toMatch(/Imagen administrator.*MediaControlCentre/);
    const viaClient = await auth.client().post(`${emu.apiUrl}/users/7/email`, { json: { text: "hi" } }).catch((e: unknown) => e);
    expect(viaClient).toMatchObject({ code: "insufficient_scope", scopes: ["modifyRoles"] });
    expect(emu.requests.count("/api/v1/jobs")).toBe(1); // not retried
  });

  it("asking for a scope the application was not granted: invalid_scope with the MediaControlCentre hint", async () => {
    const { auth } = await setup();
    const { html } = await page(auth.authorizationUrl({ scopes: [ImagenScopes.readUsersData, ImagenScopes.manageJobs] }).url);
    const error = await auth.completeAuthorization(textOf(html, "response")).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "flow", error: "invalid_scope", hint: expect.stringContaining("MediaControlCentre") });
  });

  it("once an administrator grants manageJobs, a token asking for it reaches jobs", async () => {
    const { emu, auth } = await setup({ grantedScopes: ["readUsersData", "modifyUsersData", "manageJobs"] }, { scopes: ["readUsersData", "manageJobs"] });
    await auth.completeAuthorization(textOf((await page(auth.authorizationUrl().url)).html, "response"));
    expect((await auth.fetch(`${emu.apiUrl}/jobs`)).status).toBe(200);
  });

  it("the user denies consent: FlowError access_denied", async () => {
    const { emu, auth } = await setup({ consent: "deny" });
    await expect(auth.login({ openBrowser: followLikeBrowser, timeoutMs: 10_000 })).rejects.toMatchObject({
      code: "flow",
      error: "access_denied",
      hint: expect.stringMatching(/approve/),
    });
    emu.setConsent("deny");
    const { html } = await page(auth.authorizationUrl({ responseType: "token" }).url);
    await expect(auth.completeAuthorization(textOf(html, "response"))).rejects.toMatchObject({ error: "access_denied" });
  });

  it("a wrong state: FlowError, and the token is discarded", async () => {
    const { auth } = await setup();
    const { html } = await page(auth.authorizationUrl().url);
    const forged = textOf(html, "response").replace(/state=[^&]+/, "state=forged");
    const error = await auth.completeAuthorization(forged).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowError);
    expect((error as FlowError).message).toMatch(/state/);
    await expect(auth.getToken()).rejects.toMatchObject({ code: "login_required" });
  });

  it("a wrong state over the loopback listener is refused too", async () => {
    const { auth } = await setup({}, { responseType: "code" });
    const tamper = async (u: string) => {
      const url = new URL(u);
      url.searchParams.set("state", "tampered");
      await followLikeBrowser(url.href);
    };
    await expect(auth.login({ openBrowser: tamper, timeoutMs: 10_000 })).rejects.toMatchObject({ code: "flow", message: /state/ });
    await expect(auth.getToken()).rejects.toMatchObject({ code: "login_required" });
  });
});

describe("UTF-8 (docs/providers.md#imagen-applications)", () => {
  it("a non-ASCII record title round-trips, with an explicit charset both ways", async () => {
    const { emu, auth } = await setup();
    await auth.completeAuthorization(textOf((await page(auth.authorizationUrl().url)).html, "response"));
    const title = "Café Ærøskøbing — 東京の夜 ☕ 🎞️";
    const api = auth.client({ prefix: `${emu.apiUrl}/` });
    const created = await api.post("records", { json: { title } }).json<{ id: string; title: string }>();
    const sent = emu.requests.all.find((r) => r.method === "POST" && r.path === "/api/v1/records")!;
    expect(sent.headers["content-type"]).toMatch(/^application\/json; charset=utf-8$/i);
    const res = await auth.fetch(`${emu.apiUrl}/records/${created.id}`);
    expect(res.headers.get("content-type")).toMatch(/charset=utf-8/i);
    expect(((await res.json()) as { title: string }).title).toBe(title);
    const viaFetch = await auth.fetch(`${emu.apiUrl}/records`, { method: "POST", body: JSON.stringify({ title: `${title} 2` }), headers: { "content-type": "application/json" } });
    expect(viaFetch.status).toBe(201);
    expect(emu.requests.all.at(-1)!.headers["content-type"]).toBe("application/json; charset=utf-8");
  });
});
