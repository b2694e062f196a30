/**
 * The CLI knows providers only through their descriptors: no source file names a built-in
 * provider except the one list of built-in packages (src/providers.ts). The demo too: its
 * per-provider knowledge is @auth/testing's scenarios, keyed by the descriptors' names.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const src = join(import.meta.dirname, "..", "src");
const ALLOWED = new Set(["providers.ts"]);

it("no file of src/ names a provider outside the built-in list, the demo included", () => {
  const offenders: string[] = [];
  for (const file of readdirSync(src, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts") || ALLOWED.has(file)) continue;
    const text = readFileSync(join(src, file), "utf8").toLowerCase();
    for (const name of ["metapack", "configapi", "bynder", "imagen"]) if (text.includes(name)) offenders.push(`${file}: ${name}`);
  }
  expect(offenders).toEqual([]);
  // The scan reaches the demo's files (so it can fail there).
  expect(readdirSync(src).filter((f) => f.startsWith("demo"))).toEqual(expect.arrayContaining(["demo.ts", "demo-serve.ts", "demo-steps.ts"]));
  expect(readFileSync(join(src, "providers.ts"), "utf8")).toContain('["@auth/metapack", "@auth/configapi", "@auth/bynder", "@auth/imagen"]');
});
