// ESM only, stated and tested (issue 13): a CommonJS user on Node >= 22.12 can require() every
// entry of every package (require(esm) needs no top-level await). Run by scripts/node22.sh on
// the oldest supported line; exits 1 naming each entry that cannot be required.
// Each entry is required through the package's own name from inside the package folder (Node
// resolves a package's self-reference through its `exports`, as a consumer's require would).
"use strict";
const { readdirSync, readFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.log(`require-entries: Node ${process.versions.node} has no require(esm) by default; needs >= 22.12`);
  process.exit(1);
}
const root = join(__dirname, "..", "packages");
let failed = 0;
let count = 0;
for (const dir of readdirSync(root).sort()) {
  const pkgFile = join(root, dir, "package.json");
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  } catch {
    continue;
  }
  const requireFromPackage = createRequire(pkgFile);
  for (const key of Object.keys(pkg.exports ?? {})) {
    const specifier = key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`;
    try {
      const value = requireFromPackage(specifier);
      const names = Object.keys(value);
      if (key === "./package.json" ? value.name !== pkg.name : names.length === 0) throw new Error(`required, but exports nothing: ${names}`);
      count++;
      console.log(`ok   require("${specifier}")${key === "./package.json" ? "" : `: ${names.length} exports`}`);
    } catch (error) {
      failed++;
      console.log(`FAIL require("${specifier}"): ${error.code ?? ""} ${String(error.message).split("\n")[0]}`);
    }
  }
}
if (failed) {
  console.log(`require-entries: ${failed} entr${failed === 1 ? "y" : "ies"} cannot be required on Node ${process.versions.node}`);
  process.exit(1);
}
console.log(`require-entries: all ${count} entries require() on Node ${process.versions.node}`);
