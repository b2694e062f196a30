import { ConfigurationError } from "@auth/core";
import { SignedOAuth1Request } from "@auth/core/oauth1";
import { startBynderEmulator } from "@auth/testing";
import { describe, expect, it } from "vitest";
import { printedForms } from "../../../test-utils/printed-forms.js";
import { createBynderAuth } from "../src/index.js";

// Canaries: the token key (oauth_token) and a callback query that must not be quoted.
const TOKEN_KEY = "Canary-TokenKey-Bd7e41";
const TOKEN_SECRET = "Canary-TokenSecret-0c3a";
const CALLBACK_SECRET = "Canary-CallbackSecret-55f2";

describe("Bynder's sign() result and configuration errors print no secret", () => {
  it("sign(): the header and base string are readable by code, redacted when printed or copied", async () => {
    const emulator = await startBynderEmulator({ consumer: { key: "consumer-key", secret: "consumer-secret" }, permanentToken: { key: TOKEN_KEY, secret: TOKEN_SECRET } });
    try {
      const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken });
      const signed = await auth.sign({ method: "GET", url: emulator.mediaUrl });
      expect(signed).toBeInstanceOf(SignedOAuth1Request);
      expect(signed.authorization).toContain(`oauth_token="${TOKEN_KEY}"`);
      // The header really works: the emulator accepts it.
      expect((await fetch(emulator.mediaUrl, { headers: { authorization: signed.authorization } })).status).toBe(200);
      const forms = printedForms([signed, { ...signed }, structuredClone(signed), Object.assign({}, signed), { log: signed }]);
      for (const form of forms) {
        expect(form).not.toContain(TOKEN_KEY);
        expect(form).not.toContain(TOKEN_SECRET);
        expect(form).not.toContain("oauth_signature=");
      }
    } finally {
      await emulator.close();
    }
  });

  it("a bad callback is not quoted", async () => {
    const auth = createBynderAuth({ baseUrl: "https://portal.example.com", consumer: { key: "ck", secret: "cs" } });
    let error: unknown;
    try {
      auth.authoriseUrl("request-token-key", { callback: `not a url?secret=${CALLBACK_SECRET}` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    for (const form of printedForms([error])) expect(form).not.toContain(CALLBACK_SECRET);
  });

  it("a baseUrl with a password is refused without it", () => {
    let error: unknown;
    try {
      createBynderAuth({ baseUrl: `https://user:${CALLBACK_SECRET}@portal.example.com`, consumer: { key: "ck", secret: "cs" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain("https://portal.example.com");
    for (const form of printedForms([error])) expect(form).not.toContain(CALLBACK_SECRET);
  });
});
