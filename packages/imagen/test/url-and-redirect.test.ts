import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuthError, ConfigurationError, classifyRedirectUri, createImagenAuth, FlowError, type ImagenAuthOptions, ImagenScopes } from "../src/index.js";

const BASE = "https://imagen.example.com";
const make = (o: Partial<ImagenAuthOptions> = {}) => createImagenAuth({ baseUrl: BASE, apiKey: "KEY", clock: () => 1_000_000, ...o });
const TOKEN = fc.stringMatching(/^[A-Za-z0-9._~-]{1,80}$/);
const SCOPE = fc.stringMatching(/^[A-Za-z0-9!#$%&'()*+,./:;<=>?@^_`{|}~-]{1,20}$/);

describe("authorizationUrl (docs/providers.md#imagen-bearer-token-url, Bearer token URL construction)", () => {
  it("builds the document's example URL", () => {
    const { url, state } = make().authorizationUrl({ state: "1" });
    expect(state).toBe("1");
    expect(url).toBe(
      "https://imagen.example.com/oauth/authorize?response_type=token&client_id=KEY&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&state=1&scope=readUsersData%20modifyUsersData",
    );
  });

  it("a random state per request, 32 bytes base64url", () => {
    const a = make();
    const s1 = a.authorizationUrl().state;
    const s2 = a.authorizationUrl().state;
    expect(s1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s1).not.toBe(s2);
  });

  it("property: state, scopes and redirect URI round-trip through the URL, spaces as %20", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.uniqueArray(SCOPE, { minLength: 1, maxLength: 6 }), fc.constantFrom("token", "code"), (state, scopes, responseType) => {
        const a = make({ apiSecret: "s" });
        const { url } = a.authorizationUrl({ state, scopes, responseType: responseType as "token" | "code" });
        const u = new URL(url);
        expect(u.origin + u.pathname).toBe(`${BASE}/oauth/authorize`);
        expect(u.searchParams.get("state")).toBe(state);
        expect(u.searchParams.get("scope")).toBe(scopes.join(" "));
        expect(u.searchParams.get("response_type")).toBe(responseType);
        expect(u.searchParams.get("client_id")).toBe("KEY");
        // Spaces go as %20 and a literal "+" as %2B: servers that read "+" literally still agree.
        expect(u.search).not.toMatch(/[ +]/);
      }),
    );
  });

  it("scopes are checked (RFC 6749 §3.3 scope tokens) and de-duplicated", () => {
    expect(() => make({ scopes: ["read users"] })).toThrow(ConfigurationError);
    expect(() => make({ scopes: [""] })).toThrow(ConfigurationError);
    expect(make({ scopes: [ImagenScopes.roles, ImagenScopes.roles] }).scopes).toEqual(["roles"]);
  });

  it("the code flow needs the secret before the browser is involved", () => {
    expect(() => make().authorizationUrl({ responseType: "code" })).toThrow(/apiSecret/);
  });
});

describe("redirect URIs by application type (docs/providers.md#imagen-applications)", () => {
  it.each([
    ["urn:ietf:wg:oauth:2.0:oob", "oob"],
    ["urn:ietf:wg:oauth:2.0:oob:auto", "oob"],
    ["http://localhost", "loopback"],
    ["http://localhost:8123/cb", "loopback"],
    ["http://127.0.0.1:9000", "loopback"],
    ["http://[::1]:9000", "loopback"],
    ["com.example.app:/oauth2redirect", "custom"],
  ])("installed: %s is %s", (uri, kind) => {
    expect(classifyRedirectUri(uri, "installed")).toBe(kind);
  });

  it.each(["https://app.example.com/cb", "http://example.com/cb", "http://user:pw@localhost/", "not a uri"])("installed refuses %s", (uri) => {
    expect(() => classifyRedirectUri(uri, "installed")).toThrow(ConfigurationError);
  });

  it("web: https required, at construction", () => {
    expect(() => make({ applicationType: "web", redirectUri: "http://app.example.com/cb" })).toThrow(/must begin with https:\/\//);
    expect(() => make({ applicationType: "web" })).toThrow(ConfigurationError);
    expect(make({ applicationType: "web", redirectUri: "https://app.example.com/cb" }).redirectUri).toBe("https://app.example.com/cb");
  });
});

describe("completeAuthorization parsing (implicit grant, no network)", () => {
  const fragment = (p: Record<string, string>) => new URLSearchParams(p).toString();

  it("property: the token comes back from a redirect URL, its fragment, a query, the oob page's response line or pasted alone", async () => {
    await fc.assert(
      fc.asyncProperty(TOKEN, fc.integer({ min: 1, max: 100_000 }), fc.constantFrom("url", "fragment", "query", "bare", "line", "pasted"), fc.constantFrom("", " ", "\n\t "), async (token, expiresIn, form, pad) => {
        const a = make();
        const { state } = a.authorizationUrl();
        const f = fragment({ access_token: token, token_type: "bearer", expires_in: String(expiresIn), state, scope: "readUsersData" });
        const input = { url: `http://localhost:4321/#${f}`, fragment: `#${f}`, query: `?${f}`, bare: f, line: `Response: ${f}`, pasted: token }[form];
        const result = await a.completeAuthorization(pad + input + pad);
        expect(result.accessToken).toBe(token);
        if (form !== "pasted") {
          expect(result.expiresAt).toBe(1_000_000 + expiresIn * 1000);
          expect(result.scopes).toEqual(["readUsersData"]);
        }
        expect((await a.getToken()).accessToken).toBe(token);
      }),
      { numRuns: 200 },
    );
  });

  it("property: any other state is a FlowError and nothing is kept", async () => {
    await fc.assert(
      fc.asyncProperty(TOKEN, fc.string({ minLength: 0, maxLength: 50 }), async (token, other) => {
        const a = make();
        const { state } = a.authorizationUrl();
        fc.pre(other !== state);
        const input = `#${fragment({ access_token: token, state: other })}`;
        await expect(a.completeAuthorization(input)).rejects.toBeInstanceOf(FlowError);
        await expect(a.getToken()).rejects.toMatchObject({ code: "login_required" });
      }),
    );
  });

  it("property: hostile input never escapes as anything but an AuthError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string({ unit: "binary" })), async (input) => {
        const a = make();
        a.authorizationUrl();
        try {
          await a.completeAuthorization(input);
        } catch (error) {
          expect(error).toBeInstanceOf(AuthError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("an error redirect is a FlowError with an Imagen hint", async () => {
    const a = make();
    const { state } = a.authorizationUrl();
    await expect(a.completeAuthorization(`#error=access_denied&state=${state}`)).rejects.toMatchObject({ error: "access_denied", hint: /approve/ });
    await expect(a.completeAuthorization(`?error=unauthorized_client&state=${state}`)).rejects.toMatchObject({ hint: /disabled/ });
  });

  it("a code where a token was requested (or the reverse) is refused", async () => {
    const a = make({ apiSecret: "s" });
    const { state } = a.authorizationUrl({ responseType: "token" });
    await expect(a.completeAuthorization(`?code=abc&state=${state}`)).rejects.toBeInstanceOf(FlowError);
    const s2 = a.authorizationUrl({ responseType: "code" }).state;
    await expect(a.completeAuthorization(`#access_token=abc&state=${s2}`)).rejects.toBeInstanceOf(FlowError);
  });

  it("a redirect without any request to compare its state with is refused", async () => {
    await expect(make().completeAuthorization("#access_token=abc&state=x")).rejects.toThrow(/no authorization request/);
  });

  it("a token_type other than bearer is refused (RFC 6750 only)", async () => {
    const a = make();
    const { state } = a.authorizationUrl();
    await expect(a.completeAuthorization(`#access_token=abc&token_type=mac&state=${state}`)).rejects.toMatchObject({ code: "invalid_token_response" });
  });
});
