// What a user gets from `import … from "@auth/metapack"`: on Node (the `node` export condition)
// `propertiesFile` works; in a browser bundle (the `default` condition) no Node module at all.
// The contract: createMetapackAuth's return type is core's ProviderAuth (compiled by tsc).
import { existsSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProviderAuth } from "@auth/core";
import { describe, expect, expectTypeOf, test } from "vitest";
import * as neutral from "../src/index.js";
import * as node from "../src/node.js";

const here = dirname(fileURLToPath(import.meta.url));
const built = existsSync(join(here, "..", "dist", "index.js"));

test("createMetapackAuth returns the provider contract (ProviderAuth), from both entries", () => {
  expectTypeOf(neutral.createMetapackAuth).returns.toExtend<ProviderAuth>();
  expectTypeOf(node.createMetapackAuth).returns.toExtend<ProviderAuth>();
  const satisfied = neutral.createMetapackAuth({ baseUrl: "https://dmo.metapack.com", apiKeyId: "id", apiKeySecret: "s" }) satisfies ProviderAuth;
  for (const member of ["getToken", "invalidate", "setToken", "clear", "authorize", "client", "fetch"] as const) expect(typeof satisfied[member]).toBe("function");
});

if (!built) console.warn("entries.test.ts: resolution and bundle checks SKIPPED — packages/metapack/dist is not built; run `pnpm build`.");
describe.skipIf(!built)("package entries (built dist/)", () => {
  test("on Node, @auth/metapack resolves to the Node build; ./node is an alias of it", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@auth/metapack")).toMatch(/dist[\\/]node\.js$/);
    expect(require.resolve("@auth/metapack/node")).toBe(require.resolve("@auth/metapack"));
  });

  test("an esbuild platform=browser bundle of @auth/metapack has no Node built-in in its graph", async () => {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      stdin: { contents: 'export * from "@auth/metapack";', resolveDir: join(here, "..") },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith("metapack/dist/index.js") || p === "dist/index.js")).toBe(true);
    expect(inputs.filter((p) => /metapack[\\/]dist[\\/]node\.js$|^dist[\\/]node\.js$|core[\\/]dist[\\/]node/.test(p))).toEqual([]);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const imported = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imported.filter((p) => builtins.has(p) || p.startsWith("node:"))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/["']node:|readFileSync/);
  });
});
