import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { AuthError, buildAuthorizationUrl, checkState, createPkce, createState, FlowError, InvalidTokenResponseError, parseRedirect, tokenValueProblem } from "../src/index.js";

describe("createState / createPkce", () => {
  test("state is 32 random bytes, base64url, different every time", () => {
    const states = new Set(Array.from({ length: 200 }, () => createState()));
    expect(states.size).toBe(200);
    for (const s of states) expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test("S256 challenge matches the RFC 7636 Appendix B vector", async () => {
    const pkce = await createPkce("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    expect(pkce).toEqual({ verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", method: "S256" });
  });

  test("a generated verifier is 43 unreserved characters (RFC 7636 §4.1) with its own S256 challenge", async () => {
    const a = await createPkce();
    const b = await createPkce();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect((await createPkce(a.verifier)).challenge).toBe(a.challenge);
  });
});

describe("buildAuthorizationUrl", () => {
  test("RFC 6749 §4.1.1 parameters, scopes joined by %20, PKCE, extras, existing query kept", () => {
    const url = buildAuthorizationUrl({
      endpoint: "https://auth.example.com/authorize?tenant=t1",
      clientId: "my app",
      responseType: "code",
      redirectUri: "http://127.0.0.1:8123/callback",
      scopes: ["read", "write+all"],
      state: "st",
      codeChallenge: "ch",
      extra: { prompt: "consent" },
    });
    expect(url.origin + url.pathname).toBe("https://auth.example.com/authorize");
    expect(url.search).not.toContain("+");
    expect(url.search).toContain("scope=read%20write%2Ball");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: "t1",
      response_type: "code",
      client_id: "my app",
      redirect_uri: "http://127.0.0.1:8123/callback",
      scope: "read write+all",
      state: "st",
      code_challenge: "ch",
      code_challenge_method: "S256",
      prompt: "consent",
    });
  });

  test("optional parameters are left out", () => {
    const url = buildAuthorizationUrl({ endpoint: "https://a.example/auth", clientId: "c", responseType: "token" });
    expect([...url.searchParams.keys()]).toEqual(["response_type", "client_id"]);
  });
});

describe("parseRedirect", () => {
  test("query of a redirect URL", () => {
    expect(parseRedirect("http://127.0.0.1:9/callback?code=abc&state=xyz")).toMatchObject({ code: "abc", state: "xyz", source: "query" });
  });

  test("fragment of an implicit-grant redirect (fragment wins over query)", () => {
    const r = parseRedirect("https://app.example/cb?state=old#access_token=tok&token_type=bearer&expires_in=3600&scope=a%20b&state=new");
    expect(r).toMatchObject({ accessToken: "tok", tokenType: "bearer", expiresIn: "3600", scope: "a b", state: "new", source: "fragment" });
  });

  test("bare query / fragment strings", () => {
    expect(parseRedirect("?code=1&state=2")).toMatchObject({ code: "1", state: "2" });
    expect(parseRedirect("#access_token=t&state=s")).toMatchObject({ accessToken: "t", state: "s", source: "fragment" });
    expect(parseRedirect("code=c&state=s")).toMatchObject({ code: "c", state: "s" });
  });

  test("pasted values with surrounding whitespace and quotes", () => {
    expect(parseRedirect("  4/0AbCd-Ef_gh  \n")).toMatchObject({ code: "4/0AbCd-Ef_gh", source: "pasted" });
    expect(parseRedirect('"abc123"')).toMatchObject({ code: "abc123" });
    expect(parseRedirect("\tya29.tokenvalue ", { pastedAs: "token" })).toMatchObject({ accessToken: "ya29.tokenvalue", source: "pasted" });
    expect(parseRedirect("\n  https://app.example/cb?code=zz&state=s  \n")).toMatchObject({ code: "zz", state: "s" });
  });

  test("error redirects are FlowErrors; access_denied says the user denied", () => {
    const run = (u: string) => {
      try {
        parseRedirect(u);
      } catch (e) {
        return e as FlowError;
      }
      throw new Error("expected a FlowError");
    };
    const denied = run("http://127.0.0.1/cb?error=access_denied&state=s");
    expect(denied).toBeInstanceOf(FlowError);
    expect(denied.error).toBe("access_denied");
    expect(denied.message).toMatch(/denied/);
    const other = run("#error=invalid_scope&error_description=Bad%20scope");
    expect(other.error).toBe("invalid_scope");
    expect(other.message).toContain("Bad scope");
  });

  test.each([[""], ["   "], ["https://app.example/cb"], ["#"], ["?"], ["two words"]])("%j is a FlowError", (input) => {
    expect(() => parseRedirect(input)).toThrow(FlowError);
  });

  test("property: any string gives a result or an AuthError", () => {
    const piece = fc.constantFrom("http://h/cb", "?", "#", "&", "=", "code", "state", "error", "access_token", "%", "%zz", " ", '"', "__proto__", "a");
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(piece).map((a) => a.join(""))), (input) => {
        try {
          const r = parseRedirect(input);
          expect(["query", "fragment", "pasted"]).toContain(r.source);
          expect(typeof r.params).toBe("object");
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("property: code/state (query) and token/state (fragment) round-trip through a redirect URL", () => {
    const value = fc.string({ minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(value, value, fc.boolean(), (code, state, inFragment) => {
        const p = new URLSearchParams(inFragment ? { access_token: code, state } : { code, state }).toString();
        const url = `http://127.0.0.1:1234/callback${inFragment ? "#" : "?"}${p}`;
        // A token that cannot go into a header is refused (token-value.test.ts); any other comes back.
        if (inFragment && tokenValueProblem(code) !== undefined) {
          expect(() => parseRedirect(url)).toThrow(InvalidTokenResponseError);
          return;
        }
        const r = parseRedirect(url);
        expect(inFragment ? r.accessToken : r.code).toBe(code);
        expect(r.state).toBe(state);
        expect(r.source).toBe(inFragment ? "fragment" : "query");
      }),
      { numRuns: 1000 },
    );
  });

  test("property: a pasted code without whitespace comes back as is", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._~/-]{1,60}$/), fc.constantFrom("", " ", "\n", "\t "), (code, ws) => {
        expect(parseRedirect(`${ws}${code}${ws}`).code).toBe(code);
      }),
    );
  });
});

describe("checkState", () => {
  test("equal passes; different, missing or prefix fails", () => {
    expect(() => checkState("abc", "abc")).not.toThrow();
    expect(() => checkState("abc", "abd")).toThrow(FlowError);
    expect(() => checkState("abc", "ab")).toThrow(/does not match/);
    expect(() => checkState("abc", "abcd")).toThrow(FlowError);
    expect(() => checkState("abc", undefined)).toThrow(/no state/);
  });
});
