// "Runs on any runtime with fetch and WebCrypto": nothing reachable from the main entry of
// the built package may import a Node built-in (`node:*` or a bare `fs`, `crypto`, ...) or
// touch Node-only globals. Checked on dist/, the code users get, chunks included: a shared
// chunk that picked up a Node-only helper would otherwise go unnoticed. Needs a build.
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

/** Every file reachable from `entry` through static and dynamic imports, with its bare imports. */
function graph(entry: string): { files: string[]; bare: Map<string, string> } {
  const seen = new Set<string>();
  const bare = new Map<string, string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      if (spec!.startsWith(".")) walk(resolve(dirname(file), spec!));
      else bare.set(spec!, file);
    }
  };
  walk(entry);
  return { files: [...seen], bare };
}

if (!existsSync(join(dist, "index.js"))) console.warn("runtime-neutral.test.ts: SKIPPED — packages/core/dist is not built; run `pnpm build` (turbo's test task builds first).");
describe.skipIf(!existsSync(join(dist, "index.js")))("the main entry is runtime-neutral (built dist/)", () => {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

  test("no Node built-in is imported by dist/index.js or any chunk it reaches", () => {
    const { files, bare } = graph(join(dist, "index.js"));
    expect(files.length).toBeGreaterThan(1); // the walk really followed the chunks
    const nodeImports = [...bare].filter(([spec]) => spec.startsWith("node:") || builtins.has(spec) || builtins.has(spec.split("/")[0]!));
    expect(nodeImports).toEqual([]);
    // Only ky (a fetch wrapper that runs everywhere), @noble/hashes and the OpenTelemetry API
    // (globalThis only; telemetry/) may come from outside.
    for (const spec of bare.keys()) expect(spec).toMatch(/^(ky|@noble\/hashes|@opentelemetry\/api)(\/|$)/);
  });

  test("no Node-only global (Buffer, process, require) in that code", () => {
    for (const file of graph(join(dist, "index.js")).files) {
      const code = readFileSync(file, "utf8").replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, "");
      expect(code, file).not.toMatch(/\bBuffer\b|\bprocess\s*\.|\brequire\s*\(|getBuiltinModule/);
    }
  });

  test("the check sees a Node import where there is one (@auth/core/node)", () => {
    // tsup writes `node:fs/promises` as `fs/promises`, hence the bare built-in names above.
    const { bare } = graph(join(dist, "node.js"));
    expect([...bare.keys()].some((s) => s.startsWith("node:") || builtins.has(s.split("/")[0]!))).toBe(true);
  });
});
