// Shared by the packages' "installs and works alone" tests: pack workspace packages as they
// would be published (`pnpm pack` rewrites workspace:^ to real versions), install the tarballs
// with npm into an empty folder (third-party deps come from the registry), and hand back the
// folder so the test can run a program there in a separate Node process.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const packagesDir = resolve(import.meta.dirname, "../packages");

export interface InstalledApp {
  dir: string;
  /** Run `node <file> ...args` in the app folder; resolves with stdout. */
  node(file: string, source: string, args?: string[]): Promise<string>;
  /** The installed package.json of a dependency. */
  manifest(name: string): { name: string; description?: string; version: string };
  remove(): void;
}

/** Pack `packages` (folder names under packages/) and npm-install them into a fresh folder. */
export async function packAndInstall(packages: string[]): Promise<InstalledApp> {
  const tmp = mkdtempSync(join(tmpdir(), `pack-${packages.join("-")}-`));
  const tarballs = join(tmp, "tarballs");
  for (const name of packages) await run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(packagesDir, name) });
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  if (files.length !== packages.length) throw new Error(`expected ${packages.length} tarballs, got ${files.join(", ")}`);
  const dir = join(tmp, "app");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files], { cwd: dir });
  return {
    dir,
    async node(file, source, args = []) {
      writeFileSync(join(dir, file), source);
      return (await run(process.execPath, [file, ...args], { cwd: dir })).stdout;
    },
    manifest: (name) => JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")),
    remove: () => rmSync(tmp, { recursive: true, force: true }),
  };
}
