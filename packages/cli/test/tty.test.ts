/**
 * The terminal path: spinner with the time left, colour, and the paste prompt, under a real
 * pseudo-terminal (`script` from util-linux), asserting what the screen shows.
 */
import { spawn, spawnSync } from "node:child_process";
import { type ImagenEmulator, startImagenEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cleanEnv, collect, playBrowser, tempDir } from "./helpers.js";

const hasScript = spawnSync("script", ["--version"]).status === 0;
if (!hasScript) console.warn("tty.test.ts: SKIPPED — `script` (util-linux) is not installed, so no pseudo-terminal can be made; install util-linux to run these tests.");
let imagen: ImagenEmulator;
beforeAll(async () => {
  imagen = await startImagenEmulator();
});
afterAll(() => imagen?.close());

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

function inPty(args: string[], env: Record<string, string>) {
  const cmd = [process.execPath, BIN, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], { env: { ...env, TERM: "xterm-256color", COLUMNS: "120", LINES: "30" }, stdio: ["pipe", "pipe", "pipe"] });
  let screen = "";
  child.stdout.on("data", (c) => (screen += c));
  const waitFor = (re: RegExp, ms = 10_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const t0 = Date.now();
      const tick = () => {
        const m = re.exec(screen);
        if (m) return resolve(m);
        if (Date.now() - t0 > ms) return reject(new Error(`screen never showed ${re}:\n${screen}`));
        setTimeout(tick, 20);
      };
      tick();
    });
  const done = collect(child, 20_000);
  return { child, waitFor, done, screen: () => screen };
}

describe.skipIf(!hasScript)("under a pseudo-terminal", () => {
  const env = (extra: Record<string, string> = {}) => cleanEnv(tempDir(), { IMAGEN_BASE_URL: imagen.url, IMAGEN_API_KEY: imagen.credentials.apiKey, ...extra });

  it("login shows a spinner with the time left, in colour, then the result", async () => {
    const t = inPty(["imagen", "login", "--redirect", "localhost", "--no-browser", "--timeout", "90"], env());
    const url = (await t.waitFor(/^\s+(http:\/\/\S+)\r?$/m))[1]!;
    const spin = await t.waitFor(/([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]).*Waiting for the browser.*\((1:[23]\d) left, Ctrl-C to cancel\)/);
    expect(spin[2]).toMatch(/^1:[23]\d$/); // 90 s shown as m:ss
    await new Promise((r) => setTimeout(r, 1100));
    await playBrowser(url);
    const r = await t.done;
    expect(r.code).toBe(0);
    const screen = t.screen();
    expect(screen).toContain("\x1b[36m"); // the spinner frame in cyan: colour on a terminal
    expect(screen).toContain("\r\x1b[2K"); // redrawn in place, then cleared
    expect(screen).toMatch(/✓.*imagen: logged in as imagen-test-key/);
    // later frames count down
    const lefts = [...screen.matchAll(/\((\d+):(\d\d) left/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    expect(Math.min(...lefts)).toBeLessThan(Math.max(...lefts));
  });

  it("NO_COLOR: same screen without colour codes", async () => {
    const t = inPty(["imagen", "login", "--redirect", "localhost", "--no-browser"], env({ NO_COLOR: "1" }));
    const url = (await t.waitFor(/^\s+(http:\/\/\S+)\r?$/m))[1]!;
    await t.waitFor(/Waiting for the browser/);
    await playBrowser(url);
    expect((await t.done).code).toBe(0);
    expect(t.screen()).not.toMatch(/\x1b\[\d+m/);
    expect(t.screen()).toContain("logged in");
  });

  it("errors on a terminal: red 'error:' and a dim hint; --no-color and NO_COLOR turn colour off; exit 2 kept", async () => {
    const coloured = inPty(["nope"], env());
    expect((await coloured.done).code).toBe(2);
    expect(coloured.screen()).toContain("\x1b[31merror:\x1b[39m Unknown command or provider 'nope'");
    for (const [args, extra] of [[["nope", "--no-color"], {}], [["nope"], { NO_COLOR: "1" }]] as const) {
      const plain = inPty([...args], env({ ...extra }));
      expect((await plain.done).code).toBe(2);
      expect(plain.screen()).toContain("error: Unknown command or provider 'nope'");
      expect(plain.screen()).not.toMatch(/\x1b\[\d+m/);
    }
  });

  it("oob: the prompt waits for what the user types", async () => {
    const t = inPty(["imagen", "login", "--no-browser"], env());
    const url = (await t.waitFor(/^\s+(http:\/\/\S+)\r?$/m))[1]!;
    await t.waitFor(/Paste the token the page shows \(or the whole address\): $/);
    const html = await (await fetch(url)).text();
    const token = /<title>([^<]+)<\/title>/.exec(html)![1]!;
    t.child.stdin.write(`${token}\r`);
    const r = await t.done;
    expect(r.code).toBe(0);
    expect(t.screen()).toMatch(/logged in as imagen-test-key/);
    // Read in raw mode without echo: the pasted token never shows on the screen.
    expect(t.screen()).not.toContain(token);
  });

  it("oob: Ctrl-C at the paste prompt cancels with exit 130", async () => {
    const t = inPty(["imagen", "login", "--no-browser"], env());
    await t.waitFor(/Paste the token the page shows \(or the whole address\): $/);
    t.child.stdin.write("abc\u0003");
    const r = await t.done;
    expect(r.code).toBe(130);
    expect(t.screen()).not.toContain("abc");
  });
});
