import { describe, expect, test } from "vitest";
import { printedForms } from "../../../test-utils/printed-forms.js";
import { OAuth1Signer, SignedOAuth1Request } from "../src/oauth1.js";

const TOKEN_KEY = "Canary-TokenKey-6d2e";
const VERIFIER = "Canary-Verifier-0a9b";

describe("an OAuth 1.0a signature prints no token key, header or base string", () => {
  const signer = new OAuth1Signer({ consumerKey: "ck", consumerSecret: "cs", clock: () => 1_700_000_000_000, nonce: () => "n0nce" });
  const signed = signer.sign({ method: "POST", url: "https://api.example.com/x?a=1" }, { key: TOKEN_KEY, secret: "ts" }, { oauth_verifier: VERIFIER });

  test("code reads the header and base string", () => {
    expect(signed).toBeInstanceOf(SignedOAuth1Request);
    expect(signed.authorization).toMatch(new RegExp(`^OAuth .*oauth_token="${TOKEN_KEY}"`));
    expect(signed.baseString).toContain(TOKEN_KEY);
    expect(signed.timestamp).toBe("1700000000");
    expect(signed.nonce).toBe("n0nce");
  });

  test.each([
    ["itself", () => signed],
    ["a spread copy", () => ({ ...signed })],
    ["Object.assign", () => Object.assign({}, signed)],
    ["structuredClone", () => structuredClone(signed)],
    ["nested in a log record", () => ({ msg: "signed", signed })],
  ])("%s", (_how, value) => {
    const forms = printedForms([value()]);
    for (const form of forms) {
      expect(form).not.toContain(TOKEN_KEY);
      expect(form).not.toContain(VERIFIER);
      expect(form).not.toContain("oauth_signature=");
    }
  });

  test("JSON shows what is redacted", () => {
    expect(JSON.parse(JSON.stringify(signed))).toEqual({ authorization: "OAuth [redacted]", baseString: "[redacted]", timestamp: "1700000000", nonce: "n0nce" });
  });
});
