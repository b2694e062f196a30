import { afterEach, describe, expect, test } from "vitest";
import { type ImagenEmulator, type ImagenEmulatorOptions, startImagenEmulator } from "../src/index.js";

// The emulator checked over raw HTTP, without the client package.
let emu: ImagenEmulator;
afterEach(() => emu?.close());
const start = async (o: ImagenEmulatorOptions = {}) => (emu = await startImagenEmulator(o));

const authorize = (params: Record<string, string>) => fetch(`${emu.authorizeUrl}?${new URLSearchParams(params)}`, { redirect: "manual" });
const base = (o: Record<string, string> = {}) => ({ response_type: "token", client_id: emu.credentials.apiKey, redirect_uri: "urn:ietf:wg:oauth:2.0:oob", state: "1", scope: "readUsersData modifyUsersData", ...o });
const basic = () => `Basic ${Buffer.from(`${emu.credentials.apiKey}:${emu.credentials.apiSecret}`).toString("base64")}`;
const tokenPost = (form: Record<string, string>, auth = basic()) =>
  fetch(emu.tokenUrl, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)![1]!;
const codeVia = async (redirect: string) => new URL((await authorize(base({ response_type: "code", redirect_uri: redirect }))).headers.get("location")!).searchParams.get("code")!;

describe("authorize", () => {
  test("the document's example URL: oob page with the token in the title, UTF-8", async () => {
    await start();
    const r = await authorize(base());
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await r.text();
    const token = title(html);
    expect(html).toContain("copy this code");
    expect(emu.issuer.verify(token)?.scopes).toEqual(["readUsersData", "modifyUsersData"]);
    expect((await fetch(`${emu.apiUrl}/records`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  test("oob: the response line, as a browser shows it, carries the state; without a state there is no such line", async () => {
    await start();
    // What a browser renders for an element: tags dropped, character references decoded.
    const shown = (html: string, id: string) =>
      new RegExp(`<p id="${id}">(.*?)</p>`)
        .exec(html)?.[1]
        ?.replace(/<[^>]+>/g, "")
        .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
    for (const response_type of ["token", "code"]) {
      const html = await (await authorize(base({ response_type, state: "s&t=1" }))).text();
      const line = shown(html, "response-line")!;
      expect(line).toMatch(/^Response: /);
      const params = new URLSearchParams(line.slice("Response: ".length));
      expect(params.get("state")).toBe("s&t=1");
      expect(params.get(response_type === "code" ? "code" : "access_token")).toBe(title(html));
      const { state: _none, ...stateless } = base({ response_type });
      const bare = await (await authorize(stateless)).text();
      expect(bare).not.toContain("Response:");
      expect(title(bare).length).toBeGreaterThan(10);
    }
    emu.setConsent("deny");
    const denied = shown(await (await authorize(base())).text(), "response-line")!;
    expect(Object.fromEntries(new URLSearchParams(denied.slice("Response: ".length)))).toMatchObject({ error: "access_denied", state: "1" });
  });

  test("oob:auto asks only to close the window", async () => {
    await start();
    const html = await (await authorize(base({ redirect_uri: "urn:ietf:wg:oauth:2.0:oob:auto" }))).text();
    expect(html).toContain("close this window");
    expect(html).not.toContain("copy");
  });

  test("loopback: code in the query, token in the fragment; port 80 only when told", async () => {
    await start();
    const code = await authorize(base({ response_type: "code", redirect_uri: "http://localhost:5555" }));
    expect(code.status).toBe(302);
    expect(code.headers.get("location")).toMatch(/^http:\/\/localhost:5555\/\?code=[\w-]+&state=1$/);
    const tok = await authorize(base({ redirect_uri: "http://127.0.0.1:5555/cb" }));
    expect(tok.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:5555\/cb#access_token=.+&token_type=bearer&expires_in=3600&scope=readUsersData\+modifyUsersData&state=1$/);
    await emu.close();
    await start({ loopbackAnyPort: false });
    expect((await authorize(base({ redirect_uri: "http://localhost:5555" }))).status).toBe(400);
    expect((await authorize(base({ redirect_uri: "http://localhost" }))).status).toBe(302);
  });

  test("redirect URIs are checked against the application type, and bad ones are not redirected to", async () => {
    await start();
    for (const bad of ["https://evil.example.com/cb", "http://example.com/", "com.other.app:/cb"]) {
      const r = await authorize(base({ redirect_uri: bad }));
      expect(r.status).toBe(400);
      expect(r.headers.get("location")).toBeNull();
    }
    expect((await authorize(base({ client_id: "nope" }))).status).toBe(400);
    await emu.close();
    await start({ applicationType: "web", redirectUri: "https://app.example.com/cb" });
    expect((await authorize(base({ redirect_uri: "urn:ietf:wg:oauth:2.0:oob" }))).status).toBe(400);
    expect((await authorize(base({ redirect_uri: "https://app.example.com/cb" }))).headers.get("location")).toMatch(/^https:\/\/app\.example\.com\/cb#access_token=/);
    const { redirect_uri: _omitted, ...noRedirect } = base({ response_type: "code" });
    expect((await authorize(noRedirect)).headers.get("location")).toMatch(/^https:\/\/app\.example\.com\/cb\?code=/);
  });

  test("scopes beyond the granted ones, denial, disabled app and bad response types are error redirects", async () => {
    await start({ redirectUri: "com.example.app:/cb" });
    const loc = async (o: Record<string, string>) => new URL((await authorize(base({ redirect_uri: "com.example.app:/cb", ...o }))).headers.get("location")!);
    expect((await loc({ scope: "readUsersData manageJobs", response_type: "code" })).searchParams.get("error")).toBe("invalid_scope");
    expect((await loc({ scope: "manageJobs" })).hash).toContain("error=invalid_scope");
    emu.setGrantedScopes(["readUsersData", "modifyUsersData", "manageJobs"]);
    expect((await loc({ scope: "manageJobs", response_type: "code" })).searchParams.get("code")).toBeTruthy();
    emu.setConsent("deny");
    expect((await loc({ response_type: "code" })).searchParams.get("error")).toBe("access_denied");
    emu.setConsent("approve");
    expect((await loc({ response_type: "id_token" })).searchParams.get("error")).toBe("unsupported_response_type");
    emu.setEnabled(false);
    const off = await loc({ response_type: "code" });
    expect(off.searchParams.get("error")).toBe("unauthorized_client");
    expect(off.searchParams.get("error_description")).toMatch(/disabled by an Imagen administrator/);
    expect(off.searchParams.get("state")).toBe("1");
  });
});

describe("token endpoint", () => {
  test("code exchange (Basic or form body), one use, redirect_uri must match; refresh rotates", async () => {
    await start();
    const code = await codeVia("http://localhost:7777");
    expect((await tokenPost({ grant_type: "authorization_code", code, redirect_uri: "http://localhost:7778" })).status).toBe(400);
    const code2 = await codeVia("http://localhost:7777");
    const r = await tokenPost({ grant_type: "authorization_code", code: code2, redirect_uri: "http://localhost:7777" });
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const body = (await r.json()) as Record<string, string | number>;
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "readUsersData modifyUsersData" });
    expect(await (await tokenPost({ grant_type: "authorization_code", code: code2, redirect_uri: "http://localhost:7777" })).json()).toMatchObject({ error: "invalid_grant" });
    const refreshed = (await (await tokenPost({ grant_type: "refresh_token", refresh_token: String(body.refresh_token) })).json()) as Record<string, string>;
    expect(refreshed.refresh_token).not.toBe(body.refresh_token);
    expect((await tokenPost({ grant_type: "refresh_token", refresh_token: String(body.refresh_token) })).status).toBe(400);
    const viaForm = await fetch(emu.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshed.refresh_token!, client_id: emu.credentials.apiKey, client_secret: emu.credentials.apiSecret }),
    });
    expect(viaForm.status).toBe(200);
  });

  test("bad client, disabled application, unknown grant", async () => {
    await start();
    const wrong = await tokenPost({ grant_type: "refresh_token", refresh_token: "x" }, `Basic ${Buffer.from("k:nope").toString("base64")}`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(await (await tokenPost({ grant_type: "password" })).json()).toMatchObject({ error: "unsupported_grant_type" });
    emu.setFault({ kind: "disableApplication" });
    expect(emu.enabled).toBe(false);
    expect(await (await tokenPost({ grant_type: "refresh_token", refresh_token: "x" })).json()).toMatchObject({ error: "invalid_client", error_description: /disabled/ });
  });
});

describe("resources", () => {
  const tokenWith = async (scope: string) => {
    emu.setGrantedScopes(["readUsersData", "modifyUsersData", "manageJobs", "roles", "createJobs", "modifyRoles"]);
    return title(await (await authorize(base({ scope }))).text());
  };
  const call = (token: string, method: string, path: string, body?: string, type = "application/json; charset=utf-8") =>
    fetch(`${emu.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": type } : {}) }, ...(body ? { body } : {}) });

  test.each([
    ["readUsersData", "GET", "/records", 200],
    ["readUsersData", "POST", "/records", 403, "modifyUsersData"],
    ["modifyUsersData", "GET", "/media", 200],
    ["modifyUsersData", "PUT", "/collections/1", 200],
    ["readUsersData", "GET", "/jobs", 403, "manageJobs"],
    ["manageJobs", "GET", "/workflows", 200],
    ["manageJobs", "POST", "/jobs", 403, "createJobs"],
    ["createJobs", "POST", "/jobs", 200],
    ["readUsersData", "GET", "/users", 403, "roles"],
    ["roles", "GET", "/groups", 200],
    ["roles", "POST", "/users/7/email", 403, "modifyRoles"],
    ["modifyRoles", "PATCH", "/users/7", 200],
  ] as const)("%s: %s %s -> %i", async (scope, method, path, status, needed?: string) => {
    await start();
    const r = await call(await tokenWith(scope), method, path, method === "GET" ? undefined : '{"title":"x"}');
    expect(r.status === 201 ? 200 : r.status).toBe(status);
    if (needed) expect(r.headers.get("www-authenticate")).toBe(`Bearer realm="Imagen", error="insufficient_scope", scope="${needed}"`);
  });

  test("401 challenges: none, unknown, expired, disabled", async () => {
    await start();
    const none = await fetch(`${emu.apiUrl}/records`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="Imagen"');
    expect((await call("nope", "GET", "/records")).headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    const t = await tokenWith("readUsersData");
    emu.setFault({ kind: "expireTokens" });
    expect((await call(t, "GET", "/records")).status).toBe(401);
    const t2 = await tokenWith("readUsersData");
    emu.setEnabled(false);
    expect((await call(t2, "GET", "/records")).headers.get("www-authenticate")).toMatch(/disabled by an Imagen administrator/);
    emu.setEnabled(true);
    expect((await call(t2, "GET", "/records")).status).toBe(200);
  });

  test("records round-trip non-ASCII titles; a non-UTF-8 charset is refused", async () => {
    await start();
    const t = await tokenWith("modifyUsersData");
    const created = await call(t, "POST", "/records", JSON.stringify({ title: "Zoë — 東京 🎞️" }));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const got = await call(t, "GET", `/records/${id}`);
    expect(got.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await got.json()).toEqual({ id, title: "Zoë — 東京 🎞️" });
    expect((await call(t, "POST", "/records", '{"title":"x"}', "application/json; charset=iso-8859-1")).status).toBe(415);
    expect(emu.requests.count("/api/v1/records")).toBe(2); // the two POSTs; the GET was /records/1
  });

  test("faults apply to the emulator's paths", async () => {
    await start();
    emu.setFault({ kind: "rateLimit", retryAfterSeconds: 2, paths: ["/oauth/token"], times: 1 });
    const r = await tokenPost({ grant_type: "refresh_token", refresh_token: "x" });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("2");
    expect((await tokenPost({ grant_type: "refresh_token", refresh_token: "x" })).status).toBe(400);
  });
});
