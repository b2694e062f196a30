// Shared by the packages' entries tests: what a browser bundler makes of `import … from "@auth/x"`.
// esbuild bundles the built package (dist/, as users get it) with platform=browser, and the
// bundle's module graph must hold no Node built-in and none of the Node-only builds (core's
// node entry, the package's own). Needs a build: `builtDist` says whether there is one.
import { existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { basename, join } from "node:path";
import { expect } from "vitest";

/** Whether the package in `packageDir` has been built (its dist/index.js exists). */
export function builtDist(packageDir: string): boolean {
  return existsSync(join(packageDir, "dist", "index.js"));
}

export interface BrowserBundleOptions {
  /** The package's folder: the specifier is resolved from here. */
  packageDir: string;
  /** Inputs of the package's own Node-only build, which must not be in the graph. */
  nodeBuild?: RegExp;
  /** Text the bundle must not contain (besides imports of `node:` modules, always refused). */
  forbiddenText?: RegExp;
  /** The built file a browser bundler must pick. Default `dist/index.js` (the neutral entry). */
  entryFile?: string;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const CORE_NODE_BUILD = /core[\\/]dist[\\/]node/;

/** Bundle `specifier` (e.g. "@auth/imagen") for the browser and expect no Node module in it. */
export async function expectNoNodeBuiltins(specifier: string, { packageDir, nodeBuild, forbiddenText, entryFile = "dist/index.js" }: BrowserBundleOptions): Promise<void> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    stdin: { contents: `export * from "${specifier}";`, resolveDir: packageDir },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  // The bundle really is of the built package's neutral entry (so the checks below mean something).
  const entry = `${basename(packageDir)}/${entryFile}`;
  expect(inputs.some((p) => p.endsWith(entry) || p === entryFile)).toBe(true);
  expect(inputs.filter((p) => CORE_NODE_BUILD.test(p) || nodeBuild?.test(p))).toEqual([]);
  const imported = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
  expect(imported.filter((p) => BUILTINS.has(p) || p.startsWith("node:"))).toEqual([]);
  const text = result.outputFiles[0]!.text;
  // An import of a Node module in any form; a string such as getBuiltinModule("node:crypto"),
  // a feature test that falls back to WebCrypto or @noble/hashes, is not one.
  expect(text).not.toMatch(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']node:/);
  if (forbiddenText) expect(text).not.toMatch(forbiddenText);
}
