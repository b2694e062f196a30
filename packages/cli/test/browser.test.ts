/**
 * Honest browser launch: "Opened your browser" only when the opener succeeded; when xdg-open
 * fails (exit 3: no browser) the CLI says so and prints the URL. A stand-in xdg-open on PATH.
 */
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ImagenEmulator, startImagenEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, run, tempDir } from "./helpers.js";

const linux = process.platform === "linux";
if (!linux) console.warn("browser.test.ts: SKIPPED — it stands in for xdg-open, the Linux opener.");
let imagen: ImagenEmulator;
beforeAll(async () => {
  imagen = await startImagenEmulator();
});
afterAll(() => imagen?.close());

function pathWithOpener(code: number): string {
  const dir = mkdtempSync(join(tmpdir(), "xdg-open-"));
  writeFileSync(join(dir, "xdg-open"), `#!/bin/sh\nexit ${code}\n`);
  chmodSync(join(dir, "xdg-open"), 0o755);
  return `${dir}:${process.env.PATH}`;
}

describe.skipIf(!linux)("imagen login (oob) with the system browser", () => {
  const login = (code: number) =>
    run(["imagen", "login"], { env: cleanEnv(tempDir(), { IMAGEN_BASE_URL: imagen.url, IMAGEN_API_KEY: imagen.credentials.apiKey, PATH: pathWithOpener(code) }), input: "not-a-token\n" });

  it("xdg-open exits 3: says it could not open a browser, prints the URL, never claims it opened", async () => {
    const r = await login(3);
    expect(r.stderr).toContain("Could not open a browser");
    expect(r.stderr).toMatch(/Open this address in a browser to authorize[^\n]*\n {2}http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?/);
    expect(r.stderr).not.toContain("Opened your browser");
  });

  it("xdg-open exits 0: says it opened the browser, and still prints the URL", async () => {
    const r = await login(0);
    expect(r.stderr).toContain("Opened your browser");
    expect(r.stderr).toMatch(/\n {2}http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?/);
  });
});
