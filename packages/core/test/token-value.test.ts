// Issue 10 item 5: a token that cannot go into a header is refused where it is parsed (a token
// response, an implicit-flow redirect or a pasted token, a store), as an InvalidTokenResponseError
// that quotes nothing of it; never accepted to fail later in every request with a TypeError.
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { AuthError, checkTokenValue, deserializeToken, InvalidTokenResponseError, parseRedirect, parseTokenResponse, tokenValueProblem } from "../src/index.js";

const visible = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 20 });
// Characters that cannot go into a header value as a token: CR, LF, NUL, space, other controls, DEL, non-ASCII.
const forbidden = fc.oneof(
  fc.constantFrom("\r", "\n", "\r\n", "\0", " ", "\t", "\x7f", "\u0085", "\u00a0", "é", "\u2028", "\ufeff", "😀", "\ud800"),
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xffff }).map((c) => String.fromCharCode(c)),
);
// A canary prefix, so any leak of the value shows up in the printed forms.
const tainted = fc.tuple(visible, forbidden, visible).map(([a, bad, b]) => `CANARY${a}${bad}${b}`);

// String.prototype.toWellFormed is ES2024, beyond this package's lib setting.
const wellFormed = (s: string): string => (s as string & { toWellFormed(): string }).toWellFormed();

function printed(e: unknown): string[] {
  const err = e as InvalidTokenResponseError;
  return [String(err), err.message, err.hint ?? "", err.stack ?? "", JSON.stringify(err), inspect(err, { depth: 5, showHidden: true })];
}

function refused(fn: () => unknown, type: new (...args: never[]) => Error = InvalidTokenResponseError): InvalidTokenResponseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    for (const text of printed(e)) expect(text).not.toContain("CANARY");
    return e as InvalidTokenResponseError;
  }
  throw new Error("expected an InvalidTokenResponseError");
}

describe("tokens that cannot go into a header", () => {
  test("the rule: visible ASCII for a header token, printable ASCII (VSCHAR) for refresh tokens and secrets", () => {
    expect(tokenValueProblem("abc.DEF-123_~+/=")).toBeUndefined();
    expect(tokenValueProblem('!"#$%&\'()*,:;<>?@[\\]^`{|}')).toBeUndefined(); // some providers send these
    expect(tokenValueProblem("a b")).toBe("contains a space (U+0020) at position 2 of 3");
    expect(tokenValueProblem("a b", "vschar")).toBeUndefined();
    expect(tokenValueProblem("ab\r\n")).toBe("contains a carriage return (U+000D) at position 3 of 4");
    expect(tokenValueProblem("é")).toBe("contains a non-ASCII character at position 1 of 1");
    expect(tokenValueProblem("")).toBe("is empty");
  });

  test("property: parseTokenResponse refuses an access_token or refresh_token with a forbidden character, quoting nothing", () => {
    fc.assert(
      fc.property(tainted, fc.boolean(), fc.boolean(), (token, asRefresh, asText) => {
        // a space is printable: allowed in a refresh token (RFC 6749 A.17), not in an access token
        fc.pre(!(asRefresh && tokenValueProblem(token, "vschar") === undefined));
        const body = asRefresh ? { access_token: "fine", refresh_token: token } : { access_token: token };
        const e = refused(() => parseTokenResponse(asText ? JSON.stringify(body) : body, { now: 0 }));
        expect(e.message).toMatch(asRefresh ? /refresh_token contains/ : /access_token contains/);
      }),
      { numRuns: 2000 },
    );
  });

  test("property: parseRedirect refuses such an access_token, from a redirect URL or pasted (%0D%0A)", () => {
    fc.assert(
      fc.property(tainted, fc.constantFrom("url", "fragment", "pasted"), (token, how) => {
        const input =
          how === "url"
            ? `https://app.example/cb#access_token=${encodeURIComponent(wellFormed(token))}&state=s`
            : how === "fragment"
              ? `#access_token=${encodeURIComponent(wellFormed(token))}`
              : token.replace(/[\s]/g, ""); // pasted: whitespace is refused before (a FlowError)
        // (a paste with ":", "#", "?", "&" or "=" is read as an address or parameters, not as a token)
        if (how === "pasted" && (tokenValueProblem(input) === undefined || /[:#?&=]/.test(input))) return;
        // A paste that looks like "scheme:…" is read as an address (a FlowError): refused too.
        refused(() => parseRedirect(input, { pastedAs: "token" }), how === "pasted" ? AuthError : InvalidTokenResponseError);
      }),
      { numRuns: 2000 },
    );
    refused(() => parseRedirect("https://app.example/cb#access_token=CANARY%0D%0ASet-Cookie:%20x&token_type=bearer"));
  });

  test("property: deserializeToken treats a stored token with a forbidden character as no token", () => {
    fc.assert(
      fc.property(tainted, fc.constantFrom("accessToken", "refreshToken", "tokenSecret"), (token, field) => {
        fc.pre(field === "accessToken" || tokenValueProblem(token, "vschar") !== undefined);
        expect(deserializeToken({ accessToken: "fine", tokenType: "Bearer", scopes: [], [field]: token })).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  test("checkTokenValue says where the token came from and what is wrong, never what it is", () => {
    const e = refused(() => checkTokenValue("CANARY\nx", "oauth_token", "Bynder /api/v4/oauth/access_token/"));
    expect(e.message).toBe("Bynder /api/v4/oauth/access_token/'s oauth_token contains a line feed (U+000A) at position 7 of 8, so it cannot be sent in an HTTP request.");
    expect(e.hint).toMatch(/visible ASCII/);
  });
});
