// `pnpm bench`: runs every suite in bench/suites/ (or those named on the command line) and
// writes bench/RESULTS.md with the machine, Node version and date. Each suite exports
// `default async function () -> { title, markdown }`.
import { readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(join(here, "suites"))).filter((f) => f.endsWith(".mjs")).sort();
const sections = [];
for (const f of files) {
  const name = f.replace(/\.mjs$/, "");
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name} ...\n`);
  const t0 = Date.now();
  const mod = await import(pathToFileURL(join(here, "suites", f)).href);
  const { title, markdown } = await mod.default();
  process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  sections.push({ name, text: `## ${title}\n\n_suite \`bench/suites/${f}\`_\n\n${markdown.trim()}\n` });
  console.log(`\n## ${title}\n\n${markdown.trim()}`);
}
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const header = `# Benchmark results\n\nWritten by \`pnpm bench\` (bench/run.mjs). Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}. Node ${process.version}. Date: ${new Date().toISOString().slice(0, 10)}.\n\nMethod: competitors run in the same process, interleaved round by round; figures are medians over rounds. Ratios are ours / baseline measured in the same run (lower is better; 1.00 = same speed).\n`;
const path = join(here, "RESULTS.md");
let kept = [];
if (only.length) {
  // Keep sections of suites not run this time.
  const old = await readFile(path, "utf8").catch(() => "");
  kept = old.split(/\n(?=## )/).slice(1).filter((s) => !sections.some((n) => s.includes(`bench/suites/${n.name}.mjs`)));
}
await writeFile(path, [header, ...kept.map((s) => s.trim() + "\n"), ...sections.map((s) => s.text)].join("\n"));
process.stderr.write(`bench: wrote ${path}\n`);
