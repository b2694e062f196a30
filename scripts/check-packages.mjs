// Packs every publishable package and checks it as a consumer would get it:
// `pnpm pack` (workspace:^ rewritten to real versions), publint on the package, and
// @arethetypeswrong/cli on the tarball with the ESM-only profile (these packages are ESM-only
// by design: Node >= 22 can require() ESM). Exit 1 if any check fails.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
const out = mkdtempSync(join(tmpdir(), "auth-pack-"));
let failed = 0;
const bin = (name) => join(root, "node_modules", ".bin", name);
for (const dir of readdirSync(join(root, "packages")).sort()) {
  const pkgDir = join(root, "packages", dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  if (pkg.private || (only.length && !only.includes(dir))) continue;
  const run = (label, cmd, args, cwd = pkgDir) => {
    try {
      execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
      console.log(`ok   ${pkg.name}: ${label}`);
      return true;
    } catch (error) {
      failed++;
      console.log(`FAIL ${pkg.name}: ${label}\n${(error.stdout ?? "") + (error.stderr ?? "")}`);
      return false;
    }
  };
  if (!run("pack", "pnpm", ["pack", "--pack-destination", out])) continue;
  const tarball = readdirSync(out).find((f) => f.startsWith(pkg.name.replace("@", "").replace("/", "-") + "-"));
  run("publint", bin("publint"), ["--strict"]);
  run("attw", bin("attw"), [join(out, tarball), "--profile", "esm-only", "--format", "ascii"]);
}
rmSync(out, { recursive: true, force: true });
if (failed) {
  console.log(`${failed} package check(s) failed`);
  process.exit(1);
}
console.log("all packages pack, publint and attw clean");
