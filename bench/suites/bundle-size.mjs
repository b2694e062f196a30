// Bundle size of every main entry, as a browser or worker app ships it: the built packages
// (resolved through node_modules to dist/, from the runtime matrix's workspace package
// runtimes/, which depends on every provider), bundled by esbuild (minify, platform browser,
// ESM), gzip level 9. ky is separated: each entry with ky, with ky external (our own code),
// and ky alone. Plus "fetch only" rows: an app that creates a provider and only uses `.fetch`.
// The heaviest source files of our own code come from a second bundle of src/ (so files stay apart).
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { table } from "../lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** A workspace package whose node_modules holds every @auth package: bundles resolve as an app's would. */
const app = join(root, "runtimes");

/** What each row bundles: the whole main entry, or what an app that only calls `.fetch` keeps. */
const ROWS = [
  { name: "@auth/core", code: `export * from "@auth/core";` },
  { name: "@auth/core/oauth1", code: `export * from "@auth/core/oauth1";` },
  { name: "@auth/metapack", code: `export * from "@auth/metapack";` },
  { name: "@auth/configapi", code: `export * from "@auth/configapi";` },
  { name: "@auth/bynder", code: `export * from "@auth/bynder";` },
  { name: "@auth/imagen", code: `export * from "@auth/imagen";` },
  {
    name: "fetch only: core `createTokenEndpointAuth(...).fetch`",
    code: `import { createTokenEndpointAuth } from "@auth/core";
export const f = createTokenEndpointAuth({}, { key: "k", url: "https://a.example/token", params: { grant_type: "client_credentials" }, clientAuth: { method: "basic", clientId: "i", clientSecret: "s" } }).fetch;`,
  },
  {
    name: "fetch only: `createConfigApiAuth(...).fetch`",
    code: `import { createConfigApiAuth } from "@auth/configapi";
export const f = createConfigApiAuth({ baseUrl: "https://a.example", clientId: "i", clientSecret: "s" }).fetch;`,
  },
  {
    name: "fetch only: `createMetapackAuth(...).fetch`",
    code: `import { createMetapackAuth } from "@auth/metapack";
export const f = createMetapackAuth({ baseUrl: "https://a.example", apiKeyId: "i", apiKeySecret: "s" }).fetch;`,
  },
  {
    name: "fetch only: `createBynderAuth(...).fetch`",
    code: `import { createBynderAuth } from "@auth/bynder";
export const f = createBynderAuth({ baseUrl: "https://a.example", consumer: { key: "k", secret: "s" }, token: { key: "t", secret: "u" } }).fetch;`,
  },
];

/** Maps the @auth packages to their src/ entries, for the per-file breakdown. */
const sourcePlugin = {
  name: "auth-src",
  setup(b) {
    const entries = { "@auth/core": "core/src/index.ts", "@auth/core/oauth1": "core/src/oauth1.ts", "@auth/core/node": "core/src/node.ts" };
    for (const p of ["metapack", "configapi", "bynder", "imagen"]) entries[`@auth/${p}`] = `${p}/src/index.ts`;
    b.onResolve({ filter: /^@auth\// }, (args) => (entries[args.path] ? { path: join(root, "packages", entries[args.path]) } : undefined));
  },
};

/**
 * A what-if for the "fetch only" rows: core's `client.ts` (the only importer of ky) replaced by a
 * stub, as if `client()` were a separate import. Built from src/, so it measures the cut before
 * anyone makes it.
 */
const withoutClientPlugin = {
  name: "without-client",
  setup(b) {
    b.onResolve({ filter: /^\.\/client\.js$/ }, (args) => (args.importer.includes(join("packages", "core", "src")) ? { path: "client-stub", namespace: "stub" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export function createClient() { throw new Error('split out'); }", loader: "js" }));
  },
};

async function bundle(contents, { external = [], platform = "browser", loader = "js", plugins = [] } = {}) {
  const r = await build({
    stdin: { contents, resolveDir: app, loader, sourcefile: "app.js" },
    bundle: true,
    minify: true,
    platform,
    format: "esm",
    target: "es2022",
    write: false,
    external,
    plugins,
    logLevel: "silent",
    metafile: true,
  });
  const code = r.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(r.metafile.outputs)[0].inputs).map(([file, v]) => [file, v.bytesInOutput]);
  return { raw: code.length, gz: gzipSync(code, { level: 9 }).length, inputs };
}

const kb = (n) => `${(n / 1024).toFixed(2)}`;
const firstError = (e) => e.errors?.[0]?.text ?? String(e.message).split("\n")[0];

/** Our own code's heaviest source files (KB minified, before gzip). */
async function heaviest(row, platform) {
  try {
    const r = await bundle(row.code, { external: ["ky"], plugins: [sourcePlugin], platform });
    return r.inputs
      .filter(([, bytes]) => bytes > 300)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([file, bytes]) => `${file.replace(/^.*?packages\//, "").replace(/^.*node_modules\//, "")} ${(bytes / 1024).toFixed(1)}`)
      .join(", ");
  } catch (e) {
    return `(breakdown failed: ${firstError(e)})`;
  }
}

export async function measure() {
  const kyPkg = JSON.parse(await readFile(join(root, "packages/core/node_modules/ky/package.json"), "utf8"));
  const ky = await bundle(`export { default } from ${JSON.stringify(join(root, "packages/core/node_modules/ky"))};`);
  const rows = [];
  const figures = { ky };
  for (const row of ROWS) {
    let platform = "browser";
    let note = "";
    let total;
    try {
      total = await bundle(row.code);
    } catch (e) {
      // An entry that does not bundle for a browser (Node built-ins): measured for platform node instead.
      note = `does not bundle for a browser (${firstError(e)}); figures for platform node, built-ins external`;
      platform = "node";
      total = await bundle(row.code, { platform });
    }
    const own = await bundle(row.code, { platform, external: ["ky"] });
    const provider = row.name.startsWith("@auth/core") || row.name.includes("core `") ? undefined : await bundle(row.code, { platform, external: ["ky", "@auth/core", "@auth/core/*"] });
    const usesKy = total.inputs.some(([f]) => f.includes("node_modules/ky/"));
    figures[row.name] = { total, own, provider, usesKy };
    rows.push([
      row.name,
      kb(total.raw),
      kb(total.gz),
      kb(own.gz),
      usesKy ? kb(total.gz - own.gz) : "0 (no ky)",
      provider ? kb(provider.gz) : "",
      (await heaviest(row, platform)) + (note ? ` — ${note}` : ""),
    ]);
  }
  for (const row of ROWS.filter((r) => r.name.startsWith("fetch only"))) {
    const cut = await bundle(row.code, { plugins: [withoutClientPlugin, sourcePlugin] });
    figures[`${row.name} without client()`] = cut;
    rows.push([`what-if: ${row.name.replace("fetch only: ", "")} with \`client()\` split out (src/, simulated)`, kb(cut.raw), kb(cut.gz), kb(cut.gz), "0 (no ky)", "", ""]);
  }
  rows.push([`ky ${kyPkg.version} alone (for scale)`, kb(ky.raw), kb(ky.gz), "", "", "", ""]);
  return { rows, figures };
}

export default async function () {
  const { rows } = await measure();
  const markdown = `
Each main entry as a browser or worker app bundles it: the built packages (\`dist/\`, resolved
through \`runtimes/node_modules\`), esbuild \`--bundle --minify --platform=browser --format=esm\`,
gzip level 9 (node:zlib). KB = 1024 bytes. "own gz" bundles again with \`ky\` external: our code
only (core + provider). "ky's share" is total gz − own gz (gzip shares a dictionary, so it is a
little less than ky alone). "provider alone" also leaves \`@auth/core\` external. "fetch only" rows
are an app that creates a provider and only calls its \`.fetch\`: ky stays in, because
\`createBearerAuth\` returns \`client()\` on the same object, so no bundler can drop it. The last
column is our own code's heaviest source files (KB minified, before gzip, from a bundle of \`src/\`).
The "what-if" rows bundle \`src/\` with core's \`client.ts\` (the only importer of ky) stubbed: what a
fetch-only app would ship if \`client()\` were a separate import.

${table(["bundle", "total min KB", "total gz KB", "own gz KB (ky external)", "ky's share gz KB", "provider alone gz KB", "heaviest own files (KB min)"], rows)}
`;
  return { title: "Bundle size per entry (esbuild, minify, gzip; ky separated)", markdown };
}
