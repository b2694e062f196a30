// What a user gets from `import … from "@auth/metapack"`: on Node (the `node` export condition)
// `propertiesFile` works; in a browser bundle (the `default` condition) no Node module at all.
// The contract: createMetapackAuth's return type is core's ProviderAuth (compiled by tsc).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProviderAuth } from "@auth/core";
import { describe, expect, expectTypeOf, test } from "vitest";
import { builtDist, expectNoNodeBuiltins } from "../../../test-utils/browser-bundle.js";
import * as neutral from "../src/index.js";
import * as node from "../src/node.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = builtDist(packageDir);

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
    await expectNoNodeBuiltins("@auth/metapack", { packageDir, nodeBuild: /metapack[\\/]dist[\\/]node\.js$|^dist[\\/]node\.js$/, forbiddenText: /readFileSync/ });
  });
});
