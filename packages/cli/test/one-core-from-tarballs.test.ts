// One core for all providers (issue 13): the providers take @auth/core as a peer dependency, so
// two providers installed together from their tarballs, as a user gets them, share ONE core:
// the same file resolves from both, there is one @auth/core in node_modules, and an error thrown
// by either provider is `instanceof` the AuthError the app imports. Lives here because @auth/cli
// depends on every package, so turbo builds them all before this test runs.
import { afterAll, expect, test } from "vitest";
import { type InstalledApp, packAndInstall } from "../../../test-utils/pack-install.js";

let app: InstalledApp | undefined;
afterAll(() => app?.remove());

test("core + metapack + configapi from tarballs: one core, shared by both providers", { timeout: 240_000 }, async () => {
  app = await packAndInstall(["core", "metapack", "configapi"]);
  for (const provider of ["@auth/metapack", "@auth/configapi"]) {
    const manifest = app.manifest(provider) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    expect(manifest.peerDependencies?.["@auth/core"]).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(manifest.dependencies?.["@auth/core"]).toBeUndefined();
  }
  const stdout = await app.node(
    "main.mjs",
    `import { createRequire } from "node:module";
import { readdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import * as core from "@auth/core";
import { createMetapackAuth } from "@auth/metapack";
import { createConfigApiAuth } from "@auth/configapi";

// Where @auth/core resolves from inside each provider (the providers' exports have only a
// "default" condition, so require.resolve picks the file import would).
const fromProvider = (name) => realpathSync(createRequire(import.meta.resolve(name)).resolve("@auth/core"));
const app = realpathSync(new URL(import.meta.resolve("@auth/core")).pathname);

// Every @auth/core package.json anywhere under node_modules.
const cores = [];
const walk = (dir, depth) => {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    if (!e.isDirectory() || depth > 6) continue;
    const path = join(dir, e.name);
    if (path.endsWith(join("@auth", "core"))) cores.push(path);
    walk(path, depth + 1);
  }
};
walk("node_modules", 0);

const thrown = (make) => { try { make(); return undefined; } catch (error) { return error; } };
const fromMetapack = thrown(() => createMetapackAuth({ baseUrl: "ftp://nope", apiKeyId: "id", apiKeySecret: "secret" }));
const fromConfigApi = thrown(() => createConfigApiAuth({ baseUrl: "ftp://nope", clientId: "id", clientSecret: "secret" }));
console.log(JSON.stringify({
  app,
  metapack: fromProvider("@auth/metapack"),
  configapi: fromProvider("@auth/configapi"),
  cores,
  errors: [fromMetapack, fromConfigApi].map((e) => ({
    name: e?.name,
    authError: e instanceof core.AuthError,
    // the app's class of the same name (ConfigurationError, …): one identity across packages
    sameClass: typeof core[e?.name] === "function" && e instanceof core[e.name],
  })),
}));`,
  );
  const result = JSON.parse(stdout) as { app: string; metapack: string; configapi: string; cores: string[]; errors: { name: string; authError: boolean; sameClass: boolean }[] };
  expect(result.app).toMatch(/node_modules\/@auth\/core\/dist\/index\.js$/);
  expect(result.metapack).toBe(result.app);
  expect(result.configapi).toBe(result.app);
  expect(result.cores).toEqual(["node_modules/@auth/core"]);
  for (const e of result.errors) expect(e).toEqual({ name: expect.stringMatching(/Error$/), authError: true, sameClass: true });
});
