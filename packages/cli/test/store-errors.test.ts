import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ConfigApiEmulator, startConfigApiEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, run, tempDir } from "./helpers.js";

// issue 10 item 9: --store at something that is not a file is a typed error with a hint that
// says what is wrong with the path, not a bare EISDIR / ENOTDIR.
let configapi: ConfigApiEmulator;
let home: string;
beforeAll(async () => {
  configapi = await startConfigApiEmulator();
  home = tempDir();
});
afterAll(() => configapi?.close());

const env = () =>
  cleanEnv(home, { CONFIGAPI_BASE_URL: configapi.url, CONFIGAPI_CLIENT_ID: configapi.credentials.clientId, CONFIGAPI_CLIENT_SECRET: configapi.credentials.clientSecret });

describe("--store that cannot be a token file", () => {
  it("a directory: says so and suggests a file in it (also in --json)", async () => {
    const dir = join(home, "a-directory");
    mkdirSync(dir);
    const r = await run(["configapi", "token", "--store", dir], { env: env() });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`The token store path ${dir} is a directory, not a file.`);
    expect(r.stderr).toContain(`${dir}/tokens.json`);
    expect(r.stderr).not.toMatch(/EISDIR: illegal operation/);
    const j = await run(["configapi", "token", "--json", "--store", dir], { env: env() });
    expect(JSON.parse(j.stderr.trim().split("\n").pop() ?? "{}")).toMatchObject({ error: { code: "configuration" } });
  });

  it("a path through a file: says a parent is a file", async () => {
    const file = join(home, "plain-file");
    writeFileSync(file, "x");
    const r = await run(["configapi", "token", "--store", join(file, "tokens.json")], { env: env() });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/goes through a file as if it were a directory/);
    expect(r.stderr).toMatch(/parent folders are directories/);
  });
});
