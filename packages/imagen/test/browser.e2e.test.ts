import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ImagenEmulator, startImagenEmulator } from "@auth/testing";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImagenAuth } from "../src/node-entry.js";

// Debian's Chromium, driven by playwright-core (playwright's own browser download does not work
// on this network). CI installs it with scripts/ensure-chromium.sh.
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe("a real browser follows the authorize URL to the emulator and back to the loopback listener", () => {
  let browser: BrowserContext;
  let profile: string;
  let emu: ImagenEmulator;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (it installs Debian's chromium; CI runs it before the tests).`);
    }
    profile = mkdtempSync(join(tmpdir(), "imagen-chromium-"));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
    emu = await startImagenEmulator();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await emu?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const auth = (responseType: "code" | "token") =>
    createImagenAuth({ baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: emu.credentials.apiSecret, responseType });

  it("authorization code flow: code in the query", async () => {
    const page = await browser.newPage();
    const a = auth("code");
    const token = await a.login({ openBrowser: (url) => page.goto(url), timeoutMs: 20_000 });
    expect(token.refreshToken).toBeDefined();
    expect(await page.title()).toBe("Imagen login complete");
    expect(page.url()).toMatch(/^http:\/\/localhost:\d+\/\?code=/);
    expect((await a.fetch(`${emu.apiUrl}/records`)).status).toBe(200);
    await page.close();
  });

  it("implicit flow: the listener's page reads location.hash and posts it back", async () => {
    const page = await browser.newPage();
    const a = auth("token");
    const token = await a.login({ openBrowser: (url) => page.goto(url), timeoutMs: 20_000 });
    expect(token.expiresAt).toBeGreaterThan(Date.now());
    await page.waitForFunction(() => (document.body.textContent ?? "").includes("close this window"), undefined, { timeout: 10_000 });
    expect(page.url()).not.toContain("access_token"); // the page removed the token from the address bar
    expect((await a.fetch(`${emu.apiUrl}/media`)).status).toBe(200);
    await page.close();
  });
});
