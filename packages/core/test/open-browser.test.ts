/**
 * openBrowser is honest: true only when the opener exited 0 (or is still running after a few
 * seconds); false when it is missing or exits non-zero. Driven with a stand-in `xdg-open` on
 * PATH (Linux path of the code; macOS and Windows use open / cmd start).
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openBrowser, windowsArgs } from "../src/node/open-browser.js";

const linux = process.platform === "linux";
if (!linux) console.warn("open-browser.test.ts: the xdg-open cases are SKIPPED — they drive the Linux opener only.");
const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

/** A stand-in xdg-open that records its argument and exits with `code`. */
function fakeOpener(code: number): string {
  const dir = mkdtempSync(join(tmpdir(), "xdg-open-"));
  writeFileSync(join(dir, "xdg-open"), `#!/bin/sh\nprintf '%s' "$1" > "${dir}/arg"\nexit ${code}\n`);
  chmodSync(join(dir, "xdg-open"), 0o755);
  process.env.PATH = `${dir}:${PATH}`;
  return dir;
}

describe.skipIf(!linux)("openBrowser with xdg-open", () => {
  it("exit 0: true, and the URL is passed as one argument", async () => {
    const dir = fakeOpener(0);
    const url = "https://auth.example.com/authorize?a=1&b=2 3";
    expect(await openBrowser(url)).toBe(true);
    expect(readFileSync(join(dir, "arg"), "utf8")).toBe(url);
  });

  it("exit 3 (no browser found): false", async () => {
    fakeOpener(3);
    expect(await openBrowser("https://auth.example.com/")).toBe(false);
  });

  it("no opener on PATH: false", async () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), "empty-path-"));
    expect(await openBrowser("https://auth.example.com/")).toBe(false);
  });
});

describe("Windows: cmd start gets the URL quoted, so & survives", () => {
  it("quotes the URL and keeps the query whole", () => {
    expect(windowsArgs("https://a.example/x?y=1&z=2")).toEqual(["/d", "/s", "/c", 'start "" "https://a.example/x?y=1&z=2"']);
    expect(windowsArgs('https://a.example/"&calc')).toEqual(["/d", "/s", "/c", 'start "" "https://a.example/%22&calc"']);
  });
});
