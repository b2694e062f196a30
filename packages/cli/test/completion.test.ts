/**
 * `auth-token completion bash|zsh|fish`: the bash script is sourced in a real bash and driven
 * as bash's completion would (COMP_WORDS / COMP_CWORD, then the function); zsh and fish
 * scripts are syntax-checked when those shells are installed.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cleanEnv, run, tempDir } from "./helpers.js";

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** Complete `words` (the last one being typed) with the bash script; returns COMPREPLY. */
function complete(words: string[]): string[] {
  const script = `source <(${quote(process.execPath)} ${quote(BIN)} completion bash) && COMP_WORDS=(${words.map(quote).join(" ")}) && COMP_CWORD=${words.length - 1} && _auth_token && echo "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8", env: cleanEnv(tempDir()) });
  expect(r.stderr).toBe("");
  return r.stdout.trim().split(/\s+/).filter(Boolean);
}

describe("completion", () => {
  it("bash: providers and commands at the first word", () => {
    expect(complete(["auth-token", "me"])).toEqual(["metapack"]);
    expect(complete(["auth-token", "st"])).toEqual(["status"]);
    expect(complete(["auth-token", "co"]).sort()).toEqual(["completion", "configapi"]);
  });

  it("bash: a provider's commands, its flags and the command's flags; files after a file flag", () => {
    expect(complete(["auth-token", "metapack", "lo"]).sort()).toEqual(["login", "logout"]);
    expect(complete(["auth-token", "configapi", "token", "--cl"]).sort()).toEqual(["--client-id", "--client-secret"]);
    expect(complete(["auth-token", "metapack", "token", "--fo"])).toEqual(["--force"]);
    expect(complete(["auth-token", "metapack", "logout", "--re"])).toEqual(["--revoke"]);
    expect(complete(["auth-token", "imagen", "request", "PO"])).toEqual(["POST"]);
    expect(complete(["auth-token", "completion", "z"])).toEqual(["zsh"]);
    expect(complete(["auth-token", "metapack", "token", "--pro"]).sort()).toEqual(["--profile", "--properties"]);
  });

  it("bash: `complete -p` shows the function registered for auth-token; the script parses (bash -n)", () => {
    const r = spawnSync("bash", ["-c", `source <(${quote(process.execPath)} ${quote(BIN)} completion bash) && complete -p auth-token`], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe("complete -o default -F _auth_token auth-token");
    const script = spawnSync(process.execPath, [BIN, "completion", "bash"], { encoding: "utf8", env: cleanEnv(tempDir()) }).stdout;
    expect(spawnSync("bash", ["-n"], { input: script, encoding: "utf8" }).status).toBe(0);
    expect(spawnSync("bash", ["-n"], { input: `${script}\nif then fi`, encoding: "utf8" }).status).not.toBe(0); // bash -n can fail
  });

  for (const shell of ["zsh", "fish"] as const) {
    const has = spawnSync(shell, ["--version"]).status === 0;
    if (!has) console.warn(`completion.test.ts: the ${shell} syntax check is SKIPPED — ${shell} is not installed.`);
    it.skipIf(!has)(`${shell}: the script parses (${shell} -n)`, async () => {
      const dir = tempDir();
      const r = await run(["completion", shell], { env: cleanEnv(dir) });
      // From a file: fish -n cannot read a script from a pipe opened by Node ("Is a directory").
      const file = join(dir, `auth-token.${shell}`);
      writeFileSync(file, r.stdout);
      const check = spawnSync(shell, ["-n", file], { encoding: "utf8" });
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
      // The check can fail: a broken script is refused.
      writeFileSync(file, `${r.stdout}\nend\nfi\n`);
      expect(spawnSync(shell, ["-n", file], { encoding: "utf8" }).status).not.toBe(0);
    });
  }

  it("fish and zsh scripts name every provider; an unknown shell is a usage error", async () => {
    const env = cleanEnv(tempDir());
    const fish = await run(["completion", "fish"], { env });
    expect(fish.stdout).toContain('-a "metapack configapi bynder imagen status demo completion help"');
    const zsh = await run(["completion", "zsh"], { env });
    expect(zsh.stdout).toContain("bashcompinit");
    const bad = await run(["completion", "tcsh"], { env });
    expect(bad.code).toBe(2);
  });
});
