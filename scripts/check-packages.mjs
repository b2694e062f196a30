// Packs every publishable package and checks it as a consumer would get it:
// `pnpm pack` (workspace:^ rewritten to real versions), publint on the package, and
// @arethetypeswrong/cli on the tarball with the ESM-only profile (these packages are ESM-only
// by design: Node >= 22 can require() ESM), and what a registry user expects in the tarball
// (issue 13): LICENSE, README with absolute links, no source maps, repository/homepage/bugs,
// a ./package.json export, and @auth/core as a peer (not a dependency) of the plugin packages.
// Exit 1 if any check fails.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
const out = mkdtempSync(join(tmpdir(), "auth-pack-"));
let failed = 0;
const bin = (name) => join(root, "node_modules", ".bin", name);
// Packages whose users combine them with other @auth packages: they share the app's one core.
const CORE_PEERS = new Set(["@auth/metapack", "@auth/configapi", "@auth/bynder", "@auth/imagen", "@auth/redis"]);
const check = (label, problemsOf) => {
  const problems = problemsOf();
  if (problems.length === 0) return console.log(`ok   ${label}`);
  failed++;
  console.log(`FAIL ${label}\n  - ${problems.join("\n  - ")}`);
};
function registryProblems(tarball) {
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
  const read = (name) => execFileSync("tar", ["-xOzf", tarball, `package/${name}`], { encoding: "utf8" });
  const pkg = JSON.parse(read("package.json"));
  const problems = [];
  for (const name of ["package/LICENSE", "package/README.md", "package/package.json"]) if (!files.includes(name)) problems.push(`${name.slice(8)} is not in the tarball`);
  const maps = files.filter((f) => f.endsWith(".map"));
  if (maps.length) problems.push(`source maps in the tarball (${maps.length}), pointing at sources it does not ship`);
  if (pkg.repository?.directory !== `packages/${pkg.name.slice("@auth/".length)}` || !pkg.repository?.url) problems.push("repository with url and directory missing");
  if (!pkg.homepage || !pkg.bugs?.url) problems.push("homepage or bugs missing");
  if (pkg.exports?.["./package.json"] !== "./package.json") problems.push('no "./package.json" export');
  if (CORE_PEERS.has(pkg.name)) {
    if (!pkg.peerDependencies?.["@auth/core"]) problems.push("@auth/core is not a peer dependency (providers must share the app's one core)");
    if (pkg.dependencies?.["@auth/core"]) problems.push("@auth/core is a dependency: an app could get a second core");
  }
  if (files.includes("package/README.md")) {
    const readme = read("README.md");
    // Links a registry page cannot follow: ](../…) or ](./…) or ](docs/…), scanned without a regex.
    for (let i = readme.indexOf("]("); i >= 0; i = readme.indexOf("](", i + 2)) {
      const target = readme.slice(i + 2, readme.indexOf(")", i));
      if (!target.startsWith("http") && !target.startsWith("#") && !target.startsWith("mailto:")) problems.push(`README link is relative (broken on a registry page): ${target}`);
    }
  }
  return problems;
}
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
  check(`${pkg.name}: registry fields and tarball contents`, () => registryProblems(join(out, tarball)));
}
rmSync(out, { recursive: true, force: true });
if (failed) {
  console.log(`${failed} package check(s) failed`);
  process.exit(1);
}
console.log("all packages pack, publint and attw clean");
