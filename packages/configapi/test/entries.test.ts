// `@auth/configapi` has no Node-only part: one runtime-neutral entry. The contract:
// createConfigApiAuth's return type is core's ProviderAuth (compiled by tsc).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProviderAuth } from "@auth/core";
import { describe, expect, expectTypeOf, test } from "vitest";
import { builtDist, expectNoNodeBuiltins } from "../../../test-utils/browser-bundle.js";
import { createConfigApiAuth } from "../src/index.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = builtDist(packageDir);

test("createConfigApiAuth returns the provider contract (ProviderAuth)", () => {
  expectTypeOf(createConfigApiAuth).returns.toExtend<ProviderAuth>();
  const auth = createConfigApiAuth({ baseUrl: "https://example.com", clientId: "sheila.thomas", clientSecret: "s" }) satisfies ProviderAuth;
  for (const member of ["getToken", "invalidate", "setToken", "clear", "authorize", "client", "fetch"] as const) expect(typeof auth[member]).toBe("function");
});

if (!built) console.warn("entries.test.ts: the bundle check is SKIPPED — packages/configapi/dist is not built; run `pnpm build`.");
describe.skipIf(!built)("package entry (built dist/)", () => {
  test("an esbuild platform=browser bundle of @auth/configapi has no Node built-in in its graph", async () => {
    await expectNoNodeBuiltins("@auth/configapi", { packageDir });
  });
});
