/**
 * The root README's "Use it for real" section, tried literally: every ```sh block runs as
 * written in bash (-e, pipefail), in order, the way a new user pastes it: the first from the
 * clone (install-cli.sh writes the shim into a temporary PREFIX), the rest in an empty folder
 * against the emulators. Blocks marked "needs a real account" must still parse (bash -n), so
 * their placeholders are ones a shell accepts.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanEnv, collect, tempDir } from "./helpers.js";

const root = resolve(import.meta.dirname, "../../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const start = readme.indexOf("## Use it for real");
const section = readme.slice(start, readme.indexOf("\n## ", start + 5));
const MARK = "<!-- readme-test: needs a real account";

interface Block {
  code: string;
  realAccount: boolean;
}

/** The ```sh blocks of the section, each with whether the marker comment precedes it. */
function blocks(): Block[] {
  const out: Block[] = [];
  let at = 0;
  for (;;) {
    const open = section.indexOf("```sh\n", at);
    if (open === -1) return out;
    const close = section.indexOf("\n```", open + 6);
    const before = section.slice(Math.max(0, open - 200), open);
    out.push({ code: section.slice(open + 6, close + 1), realAccount: before.trimEnd().endsWith("-->") && before.includes(MARK) });
    at = close + 4;
  }
}

describe("README: Use it for real", () => {
  const all = blocks();

  it("has runnable blocks and real-account blocks", () => {
    expect(all.filter((b) => !b.realAccount).length).toBeGreaterThanOrEqual(2);
    expect(all.filter((b) => b.realAccount).length).toBe(4);
  });

  it("the real-account blocks parse as shell (placeholders a shell accepts)", () => {
    for (const b of all.filter((x) => x.realAccount)) {
      const r = spawnSync("bash", ["-n"], { input: b.code, encoding: "utf8" });
      expect(r.stderr, b.code).toBe("");
      expect(r.status).toBe(0);
    }
  });

  it("every other command runs as written and succeeds, against the emulators", async () => {
    const home = tempDir();
    const env = cleanEnv(home, { PATH: `${join(home, ".local", "bin")}:${process.env.PATH}` });
    delete env.AUTH_TOKEN_STORE; // as a user has it: the default store
    const runnable = all.filter((b) => !b.realAccount);
    const outputs: string[] = [];
    for (const [i, b] of runnable.entries()) {
      // The first block is run from the clone (it calls scripts/install-cli.sh); the others from an empty folder.
      const child = spawn("bash", ["-euo", "pipefail", "-c", b.code], { cwd: i === 0 ? root : home, env, stdio: ["ignore", "pipe", "pipe"] });
      const r = await collect(child, 240_000);
      expect(r.code, `block ${i + 1}:\n${b.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(0);
      outputs.push(r.stdout + r.stderr);
    }
    const worked = outputs[1]!;
    expect(worked).toContain("All 4 providers completed.");
    expect(worked).toMatch(/✓ metapack: logged in as /);
    expect(worked).toMatch(/HTTP 200/);
    expect(worked).toContain('"accessToken"');
    expect(worked).not.toMatch(/not found/i);
  }, 300_000);
});
