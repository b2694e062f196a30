// What a user gets from `import … from "@auth/bynder"`: on Node (the `node` export condition)
// a createBynderAuth whose login() works; in a browser bundle (the `default` condition) no Node
// module at all. Needs a build (dist/); the bundle check runs on the built package.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { InteractiveProviderAuth } from "@auth/core";
import { describe, expect, expectTypeOf, test } from "vitest";
import { builtDist, expectNoNodeBuiltins } from "../../../test-utils/browser-bundle.js";
import * as neutral from "../src/index.js";
import * as node from "../src/node-entry.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = builtDist(packageDir);
const options = { baseUrl: "https://company.bynder.example", consumer: { key: "k", secret: "s" } };

test("createBynderAuth returns the provider contract from both entries", () => {
  expectTypeOf(node.createBynderAuth).parameter(0).toEqualTypeOf<neutral.BynderAuthOptions>();
  expectTypeOf(node.createBynderAuth).returns.toEqualTypeOf<neutral.BynderAuth>();
  expectTypeOf(neutral.createBynderAuth).returns.toExtend<InteractiveProviderAuth<neutral.BynderLoginOptions>>();
  expectTypeOf(node.createBynderAuth).returns.toExtend<InteractiveProviderAuth<neutral.BynderLoginOptions>>();
});

test("the neutral build's login() says it needs Node; the Node build's login() starts the handshake", async () => {
  await expect(neutral.createBynderAuth(options).login()).rejects.toMatchObject({ code: "login_unavailable" });
  // The Node build gets as far as the network: the request-token step to an unreachable host.
  const fetch = async () => {
    throw new TypeError("fetch failed");
  };
  await expect(node.createBynderAuth({ ...options, fetch }).login({ openBrowser: false, timeoutMs: 2_000 })).rejects.toMatchObject({ code: "network" });
});

if (!built) console.warn("entries.test.ts: resolution and bundle checks SKIPPED — packages/bynder/dist is not built; run `pnpm build`.");
describe.skipIf(!built)("package entries (built dist/)", () => {
  test("on Node, @auth/bynder resolves to the Node build; ./node stays", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@auth/bynder")).toMatch(/dist[\\/]node-entry\.js$/);
    expect(require.resolve("@auth/bynder/node")).toMatch(/dist[\\/]node\.js$/);
  });

  test("an esbuild platform=browser bundle of @auth/bynder has no Node built-in in its graph", async () => {
    await expectNoNodeBuiltins("@auth/bynder", { packageDir, nodeBuild: /node-entry/ });
  });
});
