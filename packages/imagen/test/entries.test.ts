// What a user gets from `import … from "@auth/imagen"`: on Node (the `node` export condition)
// login() and file loading; in a browser bundle (the `default` condition) no Node module at all.
// Needs a build (dist/); the bundle check runs on the built package, as users get it.
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
const options = { baseUrl: "https://imagen.example.com", apiKey: "key", apiSecret: "secret", responseType: "code" as const };

test("createImagenAuth returns the provider contract (InteractiveProviderAuth), from both entries", () => {
  expectTypeOf(neutral.createImagenAuth).returns.toExtend<InteractiveProviderAuth<neutral.ImagenLoginOptions>>();
  expectTypeOf(node.createImagenAuth).returns.toExtend<InteractiveProviderAuth<neutral.ImagenLoginOptions>>();
  expectTypeOf(node.createImagenAuth).toEqualTypeOf(neutral.createImagenAuth);
  const auth = neutral.createImagenAuth(options);
  for (const member of ["getToken", "invalidate", "setToken", "clear", "authorize", "client", "fetch", "login"] as const) expect(typeof auth[member]).toBe("function");
});

describe("the runtime-neutral build says what to do instead", () => {
  test("login() rejects with login_unavailable, naming authorizationUrl/completeAuthorization", async () => {
    await expect(neutral.createImagenAuth(options).login()).rejects.toMatchObject({ code: "login_unavailable", hint: /completeAuthorization/ });
  });
  test("loadImagenApplication() rejects with node_required, naming parseImagenApplication", async () => {
    await expect(neutral.loadImagenApplication("./app.json")).rejects.toMatchObject({ code: "node_required", hint: /parseImagenApplication/ });
  });
});

if (!built) console.warn("entries.test.ts: bundle and resolution checks SKIPPED — packages/imagen/dist is not built; run `pnpm build`.");
describe.skipIf(!built)("package entries (built dist/)", () => {
  test("on Node, @auth/imagen resolves to the Node build; ./node is an alias of it", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@auth/imagen")).toMatch(/dist[\\/]node-entry\.js$/);
    expect(require.resolve("@auth/imagen/node")).toMatch(/dist[\\/]node\.js$/);
  });

  test("an esbuild platform=browser bundle of @auth/imagen has no Node built-in in its graph", async () => {
    await expectNoNodeBuiltins("@auth/imagen", { packageDir, nodeBuild: /node-entry/ });
  });
});
