#!/usr/bin/env node
// The runtime matrix (issue 13): every main entry gets a token from its emulator and makes one
// authorized (or signed) request in Node 22 and 24, Bun, Deno, workerd and headless Chromium.
// The emulators run here (Node, @auth/testing, 127.0.0.1); each cell runs the entry's scenario
// (scenarios/<entry>.mjs, the same code everywhere) through that runtime's driver, within a
// time bound. Prints a table and exits 1 on an unexpected failure (or an expected one that
// passes now, so EXPECTED_FAILURES stays true).
//
//   node runtimes/matrix.mjs [--entries core,bynder] [--runtimes node24,deno] [--write docs/runtimes.md] [--json]
//
// Needs the built packages (pnpm build) and the runtimes: scripts/ensure-runtimes.sh (Node 22,
// Bun, Deno, workerd into .toolchain/runtimes) and scripts/ensure-chromium.sh.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { RUNTIMES } from "./drivers/runtimes.mjs";
import { startEmulators } from "./emulators.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");
export const ENTRIES = {
  core: "@auth/core",
  "core-oauth1": "@auth/core/oauth1",
  metapack: "@auth/metapack",
  configapi: "@auth/configapi",
  bynder: "@auth/bynder",
  imagen: "@auth/imagen",
};
/** The negative-control row: ConfigAPI with a wrong secret, which must fail with invalid_client. */
const CONTROL = "control";
/** Per cell, seconds: bundling, runtime start-up, token and request. */
const CELL_TIMEOUT_MS = 45_000;

/**
 * Cells known to fail, each with the reason printed in the table. A listed cell that passes
 * fails the run: remove it here (and from docs/runtimes.md) when its cause is fixed.
 */
const EXPECTED_FAILURES = {
  // `failsWith`: the start of the error expected; any other failure of the cell is unexpected.
  // (none: imagen × workerd / chromium bundle since @auth/imagen's default build imports no Node module)
};

function parseArgs(argv) {
  const out = { entries: Object.keys(ENTRIES), runtimes: RUNTIMES.map((r) => r.id), write: undefined, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--entries") out.entries = argv[++i].split(",");
    else if (a === "--runtimes") out.runtimes = argv[++i].split(",");
    else if (a === "--write") out.write = argv[++i];
    else if (a === "--json") out.json = true;
    else throw new Error(`unknown argument ${a} (usage: matrix.mjs [--entries a,b] [--runtimes a,b] [--write FILE] [--json])`);
  }
  for (const e of out.entries) if (!(e in ENTRIES)) throw new Error(`unknown entry ${e}: one of ${Object.keys(ENTRIES).join(", ")}`);
  for (const r of out.runtimes) if (!RUNTIMES.some((x) => x.id === r)) throw new Error(`unknown runtime ${r}: one of ${RUNTIMES.map((x) => x.id).join(", ")}`);
  return out;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  for (const pkg of ["core", "metapack", "configapi", "bynder", "imagen", "testing"]) {
    if (!existsSync(join(ROOT, "packages", pkg, "dist", "index.js"))) {
      console.error(`runtime matrix: packages/${pkg}/dist is missing: build first (pnpm build).`);
      process.exit(2);
    }
  }
  const runtimes = RUNTIMES.filter((r) => args.runtimes.includes(r.id));
  // Runtimes start first: the browser's page origin is the one origin the emulators allow (CORS).
  const started = new Map();
  for (const r of runtimes) {
    try {
      started.set(r.id, await withTimeout(r.start(), CELL_TIMEOUT_MS, `starting ${r.name}`));
    } catch (error) {
      started.set(r.id, { error: `runtime unavailable: ${error.message.split("\n")[0]}` });
    }
  }
  const origin = [...started.values()].find((s) => s.origin)?.origin;
  const emulators = await startEmulators(origin ? { cors: origin } : {});
  const results = [];
  try {
    for (const r of runtimes) {
      const session = started.get(r.id);
      for (const entry of args.entries) {
        const key = `${entry} × ${r.id}`;
        let result;
        if (session.error) result = { ok: false, error: session.error, ms: 0 };
        else {
          const c0 = Date.now();
          try {
            result = await withTimeout(session.run(entry, emulators.inputs[entry]), CELL_TIMEOUT_MS, key);
          } catch (error) {
            result = { ok: false, error: String(error.message).slice(0, 600) };
          }
          result.wallMs = Date.now() - c0;
        }
        const listed = EXPECTED_FAILURES[key];
        const expected = listed && (result.ok || result.error.startsWith(listed.failsWith)) ? listed.reason : undefined;
        const unexpected = listed ? result.ok || !expected : !result.ok;
        results.push({ entry, runtime: r.id, ...result, expected, unexpected });
        const mark = result.ok ? (expected ? "✓ (expected to fail!)" : "✓") : expected ? "✗ (expected)" : "✗";
        console.log(`${mark.padEnd(22)} ${key.padEnd(26)} ${result.ok ? result.detail : result.error}`);
      }
      // The negative control: a wrong secret must fail, typed, in this runtime too, so a driver
      // that reported success regardless (or lost the error) cannot pass the matrix.
      if (!session.error) {
        let c;
        try {
          c = await withTimeout(session.run("configapi", { ...emulators.inputs.configapi, clientSecret: "wrong-secret" }), CELL_TIMEOUT_MS, `control × ${r.id}`);
        } catch (error) {
          c = { ok: false, error: error.message };
        }
        const asItMust = !c.ok && c.error.startsWith("OAuthError") && c.error.includes("invalid_client");
        results.push({ entry: CONTROL, runtime: r.id, ok: asItMust, detail: "failed with OAuthError invalid_client, as it must", error: c.ok ? "succeeded with a wrong secret" : `failed otherwise: ${c.error}`, unexpected: !asItMust });
        console.log(`${(asItMust ? "✓" : "✗").padEnd(22)} ${`control × ${r.id}`.padEnd(26)} ${asItMust ? "a wrong secret failed with OAuthError invalid_client" : c.ok ? "a wrong secret succeeded" : c.error}`);
      }
    }
  } finally {
    await emulators.close();
    for (const s of started.values()) await s.stop?.().catch(() => {});
  }
  const versions = Object.fromEntries(runtimes.map((r) => [r.id, started.get(r.id).version ?? "unavailable"]));
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const report = render(args.entries, runtimes, results, versions, seconds);
  console.log(`\n${report.table}\n\n${report.notes}`);
  if (args.json) console.log(JSON.stringify({ results, versions, seconds }));
  if (args.write) {
    await writeFile(join(process.cwd(), args.write), report.markdown(args.write));
    console.log(`\nwrote ${relative(process.cwd(), join(process.cwd(), args.write))}`);
  }
  const bad = results.filter((r) => r.unexpected);
  if (bad.length) {
    console.log(`\nruntime matrix: ${bad.length} unexpected result(s):`);
    for (const b of bad) {
      console.log(
        `  - ${b.entry} × ${b.runtime}: ${b.ok ? "passes, but EXPECTED_FAILURES in runtimes/matrix.mjs lists it: remove it there and in docs/runtimes.md" : b.error}`,
      );
    }
    process.exit(1);
  }
  console.log(`\nruntime matrix: ${results.length} cells, no unexpected failure (${seconds} s)`);
}

function render(entries, runtimes, results, versions, seconds) {
  const cell = (entry, runtime) => {
    const r = results.find((x) => x.entry === entry && x.runtime === runtime);
    if (!r) return "";
    if (r.ok) return r.expected ? "✓ (listed as expected failure)" : "✓";
    return r.expected ? "✗ expected (see below)" : `✗ ${r.error.replaceAll("|", "\\|").slice(0, 160)}`;
  };
  const header = ["entry", ...runtimes.map((r) => `${r.name} ${versions[r.id]}`)];
  const rows = [...entries, CONTROL].map((e) => [e === CONTROL ? "control: wrong secret must fail" : `\`${ENTRIES[e]}\``, ...runtimes.map((r) => cell(e, r.id))]);
  const table = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
  const expected = results.filter((r) => r.expected);
  const notes = [
    ...expected.map((r) => `- ${r.entry} × ${r.runtime} (expected failure): ${r.expected}${r.ok ? "" : `\n  actual: ${r.error.slice(0, 300)}`}`),
    ...results.filter((r) => r.ok && r.notes).map((r) => `- ${r.entry} × ${r.runtime}: ${r.notes}`),
  ].join("\n");
  const markdown = (file) =>
    `# Runtime matrix

Generated by \`node runtimes/matrix.mjs --write ${file}\` (CI runs it without \`--write\` as the
"runtime matrix" step of \`.ci/run\`). Each cell: the entry's scenario (\`runtimes/scenarios/\`)
gets a token from its emulator (\`@auth/testing\`, started by the Node harness on 127.0.0.1) and
makes one authorized or signed request. The control row runs \`@auth/configapi\` with a wrong
secret: it passes when the runtime reports the typed \`OAuthError\` (\`invalid_client\`), so a
driver that loses failures cannot pass. Node, Bun and Deno import the built packages through
\`node_modules\`; workerd and Chromium run an esbuild bundle (\`platform: "browser"\`, no Node
built-ins, no \`nodejs_compat\`) of the same scenario. Deno runs with \`--allow-net=127.0.0.1\` only.

${table}

${notes}

${results.length} cells in ${seconds} s on a 2-core machine (${new Date().toISOString().slice(0, 10)}).
`;
  return { table, notes, markdown };
}

await main();
