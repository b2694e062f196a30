// Handshake callbacks: http(s) and an application's own scheme pass; schemes a browser would
// run or read locally are refused, without quoting the callback. And the loopback login
// ignores callbacks that do not carry its state.
import { ConfigurationError } from "@auth/core";
import { type BynderEmulator, startBynderEmulator } from "@auth/testing";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkCallback } from "../src/callback-url.js";
import { createBynderAuth } from "../src/index.js";
import { login } from "../src/node.js";

let emulator: BynderEmulator;
beforeEach(async () => {
  emulator = await startBynderEmulator();
});
afterEach(() => emulator.close());

const CANARY = "CANARY-cb-9f1e";

describe("callback URLs", () => {
  it.each([
    `javascript:alert(document.cookie)//${CANARY}`,
    `JaVaScRiPt:alert(1)//${CANARY}`,
    `data:text/html,<script>alert(1)</script>${CANARY}`,
    `file:///etc/passwd?${CANARY}`,
    `vbscript:msgbox(1)'${CANARY}`,
    `blob:https://evil.example/${CANARY}`,
  ])("refuses %s, quoting nothing of it", async (callback) => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer });
    emulator.requests.clear();
    const e1 = await auth.requestToken({ callback }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ConfigurationError);
    expect(emulator.requests.count()).toBe(0); // refused before any request
    const e2 = (() => {
      try {
        auth.authoriseUrl("tok", { callback });
      } catch (e) {
        return e;
      }
    })();
    expect(e2).toBeInstanceOf(ConfigurationError);
    for (const e of [e1, e2] as ConfigurationError[]) {
      expect(`${e.message} ${e.hint} ${e.stack} ${JSON.stringify(e)}`).not.toContain(CANARY);
      expect(e.hint).toMatch(/https:\/\//);
    }
  });

  it("refuses a scheme hidden behind leading spaces, tabs or newlines (what a browser strips)", () => {
    for (const callback of [" javascript:alert(1)", "java\tscript:alert(1)", "\njavascript:alert(1)", "java\nscript:alert(1)"]) {
      expect(() => checkCallback(callback)).toThrow(ConfigurationError);
    }
  });

  it.each(["https://myintegration.com/login_success?x=1", "http://127.0.0.1:8080/callback?state=s", "http://localhost/cb", "myapp:/callback", "com.example.app:/oauth2redirect"])(
    "allows %s",
    (callback) => {
      const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer });
      expect(new URL(auth.authoriseUrl("tok", { callback })).searchParams.get("callback")).toBe(callback);
    },
  );

  it("property: any string either passes or is a ConfigurationError that does not quote it", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom("javascript:", "data:", "file:").chain((s) => fc.string().map((t) => `${s}${t}X7q`))), (callback) => {
        try {
          checkCallback(callback);
          const scheme = new URL(callback).protocol;
          expect(["javascript:", "data:", "file:", "vbscript:", "blob:"]).not.toContain(scheme);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigurationError);
          if (callback.length > 3) expect((e as Error).message).not.toContain(callback);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("login() over the loopback listener", () => {
  it("ignores callbacks without the login's state (forged denial, wrong state), then completes with the real one", async () => {
    const auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer });
    const browser = async (url: string) => {
      const page = await fetch(url, { redirect: "manual" });
      const real = new URL(page.headers.get("location")!);
      const callback = `${real.origin}${real.pathname}`;
      // A web page or another local program reaching the port first:
      expect((await fetch(`${callback}?error=access_denied`)).status).toBe(400);
      expect((await fetch(`${callback}?state=guess&oauth_token=${real.searchParams.get("oauth_token")}`)).status).toBe(400);
      expect((await fetch(real)).status).toBe(200);
    };
    const token = await login(auth, { timeoutMs: 10_000, openBrowser: browser, onAuthoriseUrl: () => {} });
    expect(token.tokenSecret).toBeTruthy();
  });
});
