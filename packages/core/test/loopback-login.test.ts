import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { FlowError } from "../src/index.js";
import { runLoopbackLogin } from "../src/node.js";

const STATE = "state-of-this-login";
const request = (redirectUri: string) => ({ url: `https://auth.example/authorize?redirect_uri=${encodeURIComponent(redirectUri)}&state=${STATE}`, state: STATE });
const redirectOf = (url: string) => new URL(url).searchParams.get("redirect_uri")!;
const quiet = { warn() {} };

describe("runLoopbackLogin over the loopback redirect", () => {
  test("builds the URL with the listener's redirect URI, ignores a wrong state, resolves with the right one, then closes", async () => {
    let uri = "";
    const statuses: number[] = [];
    const result = await runLoopbackLogin({
      buildUrl: (redirectUri) => {
        uri = redirectUri;
        return request(redirectUri);
      },
      openBrowser: async (url) => {
        const back = redirectOf(url);
        statuses.push((await fetch(`${back}?code=forged&state=other`)).status);
        statuses.push((await fetch(`${back}?error=access_denied`)).status);
        statuses.push((await fetch(`${back}?code=the-code&state=${STATE}`)).status);
      },
      timeoutMs: 5000,
    });
    expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(statuses).toEqual([400, 400, 200]);
    expect(result).toMatchObject({ code: "the-code", state: STATE, source: "query" });
    await new Promise((r) => setTimeout(r, 80));
    await expect(fetch(uri)).rejects.toThrow();
  });

  test("writes the redirect host and path asked for (http://localhost:PORT, no path)", async () => {
    let uri = "";
    await runLoopbackLogin({
      buildUrl: (redirectUri) => {
        uri = redirectUri;
        return request(redirectUri);
      },
      redirectHost: "localhost",
      path: "/",
      openBrowser: async (url) => void (await fetch(`${redirectOf(url).replace("localhost", "127.0.0.1")}/?code=c&state=${STATE}`)),
      timeoutMs: 5000,
    });
    expect(uri).toMatch(/^http:\/\/localhost:\d+$/);
  });

  test("an error redirect with this login's state ends it with a FlowError carrying the error", async () => {
    const login = runLoopbackLogin({
      buildUrl: request,
      openBrowser: async (url) => void (await fetch(`${redirectOf(url)}?error=access_denied&state=${STATE}`)),
      timeoutMs: 5000,
    });
    await expect(login).rejects.toMatchObject({ code: "flow", error: "access_denied" });
  });

  test("the implicit grant's fragment is posted back by the listener's page", async () => {
    const result = await runLoopbackLogin({
      buildUrl: request,
      fragment: true,
      openBrowser: async (url) => {
        const back = redirectOf(url);
        expect(await (await fetch(back)).text()).toContain("location.hash");
        await fetch(`${back}?__fragment=1`, { method: "POST", body: `access_token=tok&token_type=Bearer&state=${STATE}`, headers: { "content-type": "text/plain" } });
      },
      timeoutMs: 5000,
    });
    expect(result).toMatchObject({ accessToken: "tok", source: "fragment" });
  });

  describe("when the browser cannot be launched", () => {
    const path = process.env.PATH;
    afterEach(() => {
      process.env.PATH = path;
    });
    test("says so and prints the URL, and the login still completes from it", async () => {
      // No opener on PATH: xdg-open (or open) cannot be started.
      process.env.PATH = await mkdtemp(join(tmpdir(), "no-browser-"));
      const said: string[] = [];
      const result = await runLoopbackLogin({
        buildUrl: request,
        timeoutMs: 10_000,
        logger: {
          warn(message) {
            said.push(message);
            const url = message.slice(message.indexOf("https://"));
            void fetch(`${redirectOf(url)}?code=pasted-by-hand&state=${STATE}`);
          },
        },
      });
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/browser could not be opened/);
      expect(said[0]).toContain("https://auth.example/authorize?");
      expect(result.code).toBe("pasted-by-hand");
    });
  });

  test("openBrowser: false prints the URL without trying a browser; onUrl replaces the printed URL", async () => {
    const said: string[] = [];
    const shown: string[] = [];
    const finish = (url: string) => void fetch(`${redirectOf(url)}?code=c&state=${STATE}`);
    const logger = {
      warn(message: string) {
        said.push(message);
        finish(message.slice(message.indexOf("https://")));
      },
    };
    await runLoopbackLogin({ buildUrl: request, openBrowser: false, timeoutMs: 5000, logger });
    expect(said[0]).toMatch(/^Open this address in a browser.*\nhttps:\/\/auth\.example\//s);
    const onUrl = (url: string) => {
      shown.push(url);
      finish(url);
    };
    await runLoopbackLogin({ buildUrl: request, openBrowser: false, timeoutMs: 5000, onUrl, logger: { warn: (m) => void said.push(m) } });
    expect(shown).toHaveLength(1);
    expect(said).toHaveLength(1);
  });

  test("times out with a FlowError and closes the listener", async () => {
    let uri = "";
    const buildUrl = (redirectUri: string) => {
      uri = redirectUri;
      return request(redirectUri);
    };
    const login = runLoopbackLogin({ buildUrl, openBrowser: () => {}, timeoutMs: 150 });
    await expect(login).rejects.toThrow(/No redirect arrived within/);
    await expect(login).rejects.toBeInstanceOf(FlowError);
    await new Promise((r) => setTimeout(r, 80));
    await expect(fetch(uri)).rejects.toThrow();
  });

  test("an abort ends the wait with the signal's reason", async () => {
    const controller = new AbortController();
    const login = runLoopbackLogin({ buildUrl: request, openBrowser: () => controller.abort(new Error("user pressed Ctrl-C")), timeoutMs: 5000, signal: controller.signal });
    await expect(login).rejects.toThrow("user pressed Ctrl-C");
  });

  test("a failing buildUrl (an OAuth 1.0a request token refused) closes the listener and passes the error on", async () => {
    let uri = "";
    const login = runLoopbackLogin({
      buildUrl: async (r) => {
        uri = r;
        throw new FlowError("refused");
      },
      timeoutMs: 5000,
      logger: quiet,
    });
    await expect(login).rejects.toThrow("refused");
    await new Promise((r) => setTimeout(r, 80));
    await expect(fetch(uri)).rejects.toThrow();
  });

  test("a bad timeout is a ConfigurationError", async () => {
    await expect(runLoopbackLogin({ buildUrl: request, timeoutMs: -1 })).rejects.toMatchObject({ code: "configuration" });
  });
});

describe("runLoopbackLogin out of band", () => {
  const oobLogin = (pasted: string | (() => Promise<string>), extra: { pastedAs?: "code" | "token"; timeoutMs?: number; signal?: AbortSignal } = {}) => {
    const seen: { uri?: string; prompt?: string } = {};
    const login = runLoopbackLogin({
      buildUrl: (uri) => {
        seen.uri = uri;
        return request(uri);
      },
      openBrowser: () => {},
      timeoutMs: extra.timeoutMs ?? 5000,
      ...(extra.signal ? { signal: extra.signal } : {}),
      oob: {
        ...(extra.pastedAs ? { pastedAs: extra.pastedAs } : {}),
        read: async (prompt) => {
          seen.prompt = prompt;
          return typeof pasted === "string" ? pasted : pasted();
        },
      },
    });
    return { login, seen };
  };

  test("sends the out-of-band redirect URI and reads a bare pasted code (no state to check)", async () => {
    const { login, seen } = oobLogin("  'the-code'  ");
    await expect(login).resolves.toMatchObject({ code: "the-code", source: "pasted" });
    expect(seen.uri).toBe("urn:ietf:wg:oauth:2.0:oob");
    expect(seen.prompt).toMatch(/Paste/);
  });

  test("a bare token when asked for tokens", async () => {
    await expect(oobLogin("tok", { pastedAs: "token" }).login).resolves.toMatchObject({ accessToken: "tok", source: "pasted" });
  });

  test("a pasted address must carry this login's state", async () => {
    await expect(oobLogin(`https://app.example/cb?code=c&state=${STATE}`).login).resolves.toMatchObject({ code: "c", source: "query" });
    await expect(oobLogin("https://app.example/cb?code=c&state=forged").login).rejects.toThrow(/state does not match/);
    await expect(oobLogin("https://app.example/cb?code=c").login).rejects.toThrow(/has no state/);
  });

  test("normalize is applied to the paste before it is parsed (a label the page shows)", async () => {
    const login = runLoopbackLogin({
      buildUrl: request,
      openBrowser: () => {},
      oob: { read: async () => `Response: code=c&state=${STATE}`, normalize: (s) => s.replace("Response: ", "") },
    });
    await expect(login).resolves.toMatchObject({ code: "c", state: STATE });
  });

  test("a paste that never comes times out; an abort ends it", async () => {
    await expect(oobLogin(() => new Promise(() => {}), { timeoutMs: 100 }).login).rejects.toThrow(/Nothing was pasted within/);
    const controller = new AbortController();
    const { login } = oobLogin(() => new Promise(() => {}), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(login).rejects.toThrow("stop");
  });
});
