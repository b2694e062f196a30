// The package installs and works alone: pack @auth/core and @auth/configapi as they would be
// published, install the tarballs with npm into an empty folder (ky comes from the registry),
// and get a token from the emulator in a separate Node process.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { startConfigApiEmulator } from "@auth/testing";
import { afterAll, expect, test } from "vitest";

const run = promisify(execFile);
const packages = resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "configapi-pack-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test("pnpm pack + npm install into an empty folder, then a token request", { timeout: 180_000 }, async () => {
  const tarballs = join(tmp, "tarballs");
  for (const name of ["core", "configapi"]) await run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(packages, name) });
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  expect(files).toHaveLength(2);
  const app = join(tmp, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files], { cwd: app });
  // Ours, not the unrelated @auth/core of the public registry.
  const core = JSON.parse(readFileSync(join(app, "node_modules/@auth/core/package.json"), "utf8"));
  expect(core.description).toMatch(/@auth provider packages/);
  const emu = await startConfigApiEmulator();
  try {
    writeFileSync(
      join(app, "main.mjs"),
      `import { createConfigApiAuth } from "@auth/configapi";
const [url, clientId, clientSecret] = process.argv.slice(2);
const auth = createConfigApiAuth({ baseUrl: url, clientId, clientSecret });
const token = await auth.getToken();
const ping = await auth.client().get(url + "/api/ping").json();
console.log(JSON.stringify({ tokenType: token.tokenType, ping }));`,
    );
    const { stdout } = await run(process.execPath, ["main.mjs", emu.url, emu.credentials.clientId, emu.credentials.clientSecret], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ tokenType: "Bearer", ping: { ok: true, clientId: emu.credentials.clientId, method: "GET" } });
    expect(emu.requests.count("/configapi/v2/oauth/token")).toBe(1);
  } finally {
    await emu.close();
  }
});
