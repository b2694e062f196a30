// @auth/redis opens TCP connections: Node, Bun and Deno only. A browser or worker bundle gets
// the `browser` build, whose createRedisTokenStore says so (a ConfigurationError) instead of
// failing inside node-redis on a missing `net` module.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { builtDist, expectNoNodeBuiltins } from "../../../test-utils/browser-bundle.js";

const packageDir = join(import.meta.dirname, "..");

describe.skipIf(!builtDist(packageDir))("a browser bundle of @auth/redis", () => {
  test("holds no Node built-in and no node-redis", async () => {
    await expectNoNodeBuiltins("@auth/redis", { packageDir, forbiddenText: /@redis\/client|createConnection/, entryFile: "dist/browser.js" });
  });

  test("createRedisTokenStore throws a ConfigurationError that says where it runs, quoting no URL", async () => {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      stdin: {
        contents: `import { createRedisTokenStore } from "@auth/redis";
export function attempt() { try { createRedisTokenStore({ url: "redis://:hunter2-canary@cache.example:6379" }); return undefined; } catch (e) { return e; } }`,
        resolveDir: packageDir,
      },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const file = join(tmpdir(), `redis-browser-${process.pid}-${Date.now()}.mjs`);
    writeFileSync(file, result.outputFiles[0]?.text ?? "");
    const { attempt } = await import(pathToFileURL(file).href);
    const error = attempt();
    expect(error?.name).toBe("ConfigurationError");
    expect(error.code).toBe("configuration");
    expect(error.message).toMatch(/Node, Bun and Deno/);
    expect(error.hint).toMatch(/server/);
    expect(`${error.message} ${error.hint} ${error.stack}`).not.toContain("hunter2-canary");
  });
});
