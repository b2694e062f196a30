import { describe, expect, test } from "vitest";
import { expectNoCanary, printedForms, thrownBy } from "../../../test-utils/printed-forms.js";
import { buildAuthorizationUrl, ConfigurationError, checkEndpointUrl, requireBaseUrl } from "../src/index.js";

// Canary: a password or secret that must never appear in a configuration error.
const CANARY = "Canary-Pa55w0rd-9b1d";

function expectClean(error: Error): void {
  expect(error).toBeInstanceOf(ConfigurationError);
  // Percent-encoded forms of the canary, too (a URL serialiser would produce them).
  expectNoCanary(printedForms([error]), [CANARY, encodeURIComponent(CANARY)]);
}

describe("configuration errors never quote an option that can hold a secret", () => {
  test.each([
    ["user and password", `https://user:${CANARY}@api.example.com/v1`],
    ["password only", `https://:${CANARY}@api.example.com`],
    ["the secret as the user name", `https://${CANARY}@api.example.com`],
    ["loopback http with a password", `http://admin:${CANARY}@127.0.0.1:8080`],
  ])("a baseUrl with %s is refused, naming only its origin", (_what, url) => {
    const error = thrownBy(() => requireBaseUrl(url));
    expectClean(error);
    expect(error.message).toMatch(/carries a user name or password/);
    expect(error.message).toContain(new URL(url).origin);
    expect((error as ConfigurationError).hint).toMatch(/own options/);
  });

  test.each([
    ["a bare secret", CANARY],
    ["a URL with a space in the host", `https://exa mple.com/${CANARY}`],
    ["a relative path", `/oauth/${CANARY}`],
    ["text pasted by mistake", `client_secret=${CANARY}\nclient_id=x`],
  ])("an unparsable baseUrl (%s) is refused without echoing anything of it", (_what, url) => {
    const error = thrownBy(() => requireBaseUrl(url));
    expectClean(error);
    expect(error.message).toMatch(/not a valid absolute URL/);
  });

  test("checkEndpointUrl with a URL object that carries user info", () => {
    const error = thrownBy(() => checkEndpointUrl(new URL(`https://u:${CANARY}@token.example.com/oauth/token?x=1`), "The token endpoint"));
    expectClean(error);
    expect(error.message).toContain("https://token.example.com");
    expect(error.message).not.toContain("/oauth/token");
  });

  test("a valid URL without user info passes (the check can pass, so the refusals above mean something)", () => {
    expect(requireBaseUrl("https://api.example.com/v1/")).toBe("https://api.example.com/v1");
  });

  test("buildAuthorizationUrl with an unparsable endpoint is a ConfigurationError, not a TypeError with `input`", () => {
    const error = thrownBy(() => buildAuthorizationUrl({ endpoint: `not a url ${CANARY}`, responseType: "code", clientId: "c" }));
    expectClean(error);
    expect(Object.values(error)).not.toContain(`not a url ${CANARY}`);
  });
});
