#!/usr/bin/env node
// Static ReDoS check: every regular expression in packages/*/src, found with the TypeScript
// compiler (RegularExpressionLiteral nodes and `RegExp(...)` / `new RegExp(...)` calls), is
// checked by recheck (https://makenowjust-labs.github.io/recheck/). Exits 1 when one is
// `vulnerable` (super-linear backtracking), or when a RegExp is built from a non-literal
// pattern, which no static tool can check. An `unknown` verdict (recheck timed out or does not
// support a construct) passes, with the reason printed, so a reviewer sees it.
// Usage: node scripts/check-redos.mjs [--verbose]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "recheck";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const verbose = process.argv.includes("--verbose");
// Per-regex budget. The native recheck agent checks each of ours in well under a second;
// the limit only bounds a pathological case so that CI stays within a minute or two.
const PARAMS = { timeout: 10_000, attackTimeout: 1_000, randomSeed: 0 };

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(c|m)?tsx?$/.test(name) && !name.endsWith(".d.ts")) yield path;
  }
}

/** Every regex in one file: `{ where, source, flags }`, or `{ where, dynamic }` for a pattern built at run time. */
function regexesIn(path) {
  const text = readFileSync(path, "utf8");
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const where = (node) => `${relative(root, path)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(file);
      const end = literal.lastIndexOf("/");
      found.push({ where: where(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp") {
      const [pattern, flags] = node.arguments ?? [];
      const literal = (n) => n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n));
      if (literal(pattern) && (flags === undefined || literal(flags))) found.push({ where: where(node), source: pattern.text, flags: flags?.text ?? "" });
      else found.push({ where: where(node), dynamic: node.getText(file).slice(0, 80) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const started = Date.now();
const packages = join(root, "packages");
const all = [];
for (const pkg of readdirSync(packages).sort()) {
  const src = join(packages, pkg, "src");
  try {
    statSync(src);
  } catch {
    continue;
  }
  for (const path of sourceFiles(src)) all.push(...regexesIn(path));
}

// One check per distinct pattern, a few at a time: the agent starts each check's timeout when
// it receives it, so sending all at once on a small machine turns slow checks into timeouts.
const verdicts = new Map();
const queue = [];
for (const r of all) {
  const key = `/${r.source}/${r.flags}`;
  if (r.dynamic || verdicts.has(key)) continue;
  let settle;
  verdicts.set(key, new Promise((resolve) => (settle = resolve)));
  queue.push(() => check(r.source, r.flags, PARAMS).then(settle));
}
const CONCURRENCY = 2;
const workers = Array.from({ length: CONCURRENCY }, async () => {
  while (queue.length) await queue.shift()();
});
let vulnerable = 0;
let unknown = 0;
let dynamic = 0;
for (const r of all) {
  if (r.dynamic) {
    dynamic++;
    console.log(`DYNAMIC     ${r.where}  ${r.dynamic}\n            a pattern built at run time cannot be checked: use a literal or a scanner`);
    continue;
  }
  const d = await verdicts.get(`/${r.source}/${r.flags}`);
  const shown = `/${r.source}/${r.flags}`;
  if (d.status === "vulnerable") {
    vulnerable++;
    console.log(`VULNERABLE  ${r.where}  ${shown}\n            ${d.complexity.summary}; attack: ${JSON.stringify(d.attack.pattern)}`);
  } else if (d.status === "unknown") {
    unknown++;
    const why = d.error.kind === "timeout" ? "recheck timed out" : `${d.error.kind}: ${d.error.message ?? ""}`;
    console.log(`unknown     ${r.where}  ${shown}\n            passes, but not proven safe (${why}); review it by hand`);
  } else if (verbose || process.env.CI_VERBOSE) {
    console.log(`safe        ${r.where}  ${shown}  (${d.complexity.summary}, ${d.checker})`);
  } else {
    console.log(`safe        ${r.where}  ${shown}`);
  }
}
await Promise.all(workers);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\nrecheck: ${all.length} regexes (${verdicts.size} distinct) in packages/*/src checked in ${seconds} s: ` +
    `${vulnerable} vulnerable, ${unknown} unknown, ${dynamic} built at run time.`,
);
// The native agent is a child process kept alive for further checks: end it.
process.exit(vulnerable > 0 || dynamic > 0 ? 1 : 0);
