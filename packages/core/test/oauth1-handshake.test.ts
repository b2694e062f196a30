import { startServer, type TestServer } from "@auth/testing";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { AuthError, InvalidTokenResponseError, TokenEndpointError } from "../src/index.js";
import { authorizationUrl, OAuth1Signer, parseCredentialsResponse, requestTemporaryCredentials, requestTokenCredentials } from "../src/oauth1.js";

// RFC 5849 §2 against a real server on 127.0.0.1 that answers as the RFC's §1.2 example does.
const signer = new OAuth1Signer({ consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44" });
const FORM = { "content-type": "application/x-www-form-urlencoded" };
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const header = (h: string | string[] | undefined) => Object.fromEntries([...String(h).slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));

describe("RFC 5849 §2 handshake helpers", () => {
  it("§2.1 → §2.2 → §2.3: callback and verifier signed in the header; the credentials parsed", async () => {
    server = await startServer((ctx) => {
      const h = header(ctx.req.headers.authorization);
      if (ctx.url.pathname === "/initiate") {
        expect(h.oauth_callback).toBe("http://printer.example.com/ready");
        expect(h.oauth_token).toBeUndefined();
        ctx.send(200, "oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true", FORM);
      } else if (ctx.url.pathname === "/token") {
        expect(h).toMatchObject({ oauth_token: "hh5s93j4hdidpola", oauth_verifier: "hfdp7dh39dks9884" });
        ctx.send(200, "oauth_token=nnch734d00sl2jdk&oauth_token_secret=pfkkdhi9sl3r4s00&user_id=42", FORM);
      }
    });
    const temporary = await requestTemporaryCredentials({ signer, url: `${server.url}/initiate`, callback: "http://printer.example.com/ready", clock: () => 5 });
    expect(temporary).toMatchObject({ key: "hh5s93j4hdidpola", callbackConfirmed: true, requestedAt: 5 });
    expect(temporary.secret.reveal()).toBe("hdhd0244k9j7ao03");
    expect(JSON.stringify(temporary)).not.toContain("hdhd0244k9j7ao03");
    expect(authorizationUrl("https://photos.example.net/authorize?lang=en", temporary.key, { params: { note: "a b" } })).toBe(
      "https://photos.example.net/authorize?lang=en&oauth_token=hh5s93j4hdidpola&note=a%20b",
    );
    const token = await requestTokenCredentials({ signer, url: `${server.url}/token`, temporary, verifier: "hfdp7dh39dks9884" });
    expect(token.key).toBe("nnch734d00sl2jdk");
    expect(token.extra).toEqual({ user_id: "42" });
  });

  it("§2.1 refuses an answer without oauth_callback_confirmed when a callback was sent (1.0 without the 1.0a fix)", async () => {
    server = await startServer((ctx) => ctx.send(200, "oauth_token=a&oauth_token_secret=b", FORM));
    const error = await requestTemporaryCredentials({ signer, url: `${server.url}/initiate`, callback: "oob" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenResponseError);
    expect((error as AuthError).message).toContain("oauth_callback_confirmed");
    // Without a callback (a server that takes it on the authorization URL) it is not required.
    await expect(requestTemporaryCredentials({ signer, url: `${server.url}/initiate` })).resolves.toMatchObject({ key: "a", callbackConfirmed: false });
  });

  it("a non-2xx is a TokenEndpointError quoting no secret; errorFromResponse maps it first; redirects are never followed", async () => {
    server = await startServer((ctx) => {
      if (ctx.url.pathname === "/moved") ctx.send(302, "", { location: "https://evil.example/steal" });
      else ctx.send(400, `bad token hdhd0244k9j7ao03`, { "content-type": "text/plain" });
    });
    const temporary = { key: "hh5s93j4hdidpola", secret: "hdhd0244k9j7ao03" };
    const error = await requestTokenCredentials({ signer, url: `${server.url}/token`, temporary }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(String((error as Error).message)).not.toContain("hdhd0244k9j7ao03");
    const mapped = await requestTokenCredentials({ signer, url: `${server.url}/token`, temporary, errorFromResponse: (r) => new AuthError("unauthorized", `got ${r.status}`) }).catch((e: unknown) => e);
    expect((mapped as AuthError).message).toBe("got 400");
    const redirect = await requestTokenCredentials({ signer, url: `${server.url}/moved`, temporary }).catch((e: unknown) => e);
    expect((redirect as AuthError).code).toBe("redirect");
    expect(server.requests.count("/moved")).toBe(1);
  });

  it("a slow body hits the one deadline; a huge one the size bound", async () => {
    server = await startServer((ctx) => {
      if (ctx.url.pathname === "/slow") {
        ctx.res.writeHead(200, FORM);
        ctx.res.write("oauth_token=a&");
        return; // never ends
      }
      ctx.send(200, `oauth_token=a&oauth_token_secret=b&x=${"y".repeat(70_000)}`, FORM);
    });
    const slow = await requestTemporaryCredentials({ signer, url: `${server.url}/slow`, timeout: 300 }).catch((e: unknown) => e);
    expect((slow as AuthError).code).toBe("timeout");
    const big = await requestTemporaryCredentials({ signer, url: `${server.url}/big`, maxResponseBytes: 65_536 }).catch((e: unknown) => e);
    expect((big as AuthError).code).toBe("response_too_large");
  });
});

describe("parseCredentialsResponse (§2.1 / §2.3 bodies)", () => {
  const what = "the endpoint";
  it("requires both fields and names the missing one", () => {
    expect(() => parseCredentialsResponse("oauth_token=a", { what })).toThrow(/without oauth_token_secret/);
    expect(() => parseCredentialsResponse("<html>login</html>", { what })).toThrow(/without oauth_token and oauth_token_secret/);
  });
  it("refuses a token that cannot go into a header, quoting nothing of it", () => {
    const error = (() => {
      try {
        parseCredentialsResponse("oauth_token=canary%0D%0AX-Evil:1&oauth_token_secret=s", { what });
      } catch (e) {
        return e as AuthError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidTokenResponseError);
    expect(`${error?.message} ${error?.hint}`).not.toContain("canary");
  });
  it("JSON only when asked; first occurrence wins; + is a space", () => {
    expect(() => parseCredentialsResponse('{"oauth_token":"a","oauth_token_secret":"b"}', { what })).toThrow(InvalidTokenResponseError);
    expect(parseCredentialsResponse('{"oauth_token":"a","oauth_token_secret":"b"}', { what, acceptJson: true }).key).toBe("a");
    const r = parseCredentialsResponse("oauth_token=a&oauth_token=b&oauth_token_secret=s&name=x+y", { what });
    expect(r.key).toBe("a");
    expect(r.extra.name).toBe("x y");
  });
  it("any body: credentials with a header-safe token, or an InvalidTokenResponseError quoting nothing of it (property)", () => {
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("CANARY%0D%0A", "CANARY%00", "CANARY+x", "CANARY%C3%A9", ""));
    const body = fc.array(fc.tuple(fc.constantFrom("oauth_token", "oauth_token_secret", "oauth_callback_confirmed", "x", "CANARY"), value), { maxLength: 5 });
    fc.assert(
      fc.property(body, fc.boolean(), (pairs, requireCallbackConfirmed) => {
        const text = pairs.map(([k, v]) => `${k}=${v}`).join("&");
        try {
          const r = parseCredentialsResponse(text, { what, requireCallbackConfirmed });
          expect(r.key).toMatch(/^[\x21-\x7e]+$/);
          expect(r.secret.reveal().length).toBeGreaterThan(0);
          if (requireCallbackConfirmed) expect(r.callbackConfirmed).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidTokenResponseError);
          expect(`${(error as AuthError).message} ${(error as AuthError).hint}`).not.toContain("CANARY");
        }
      }),
    );
  });
});
