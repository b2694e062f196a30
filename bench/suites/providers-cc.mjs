// Client-credentials providers (@auth/metapack, @auth/configapi): the cost of a request
// through each provider's client() with a cached token against a plain ky request with a
// fixed Authorization header, and the bundle size of each provider with its dependencies.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { fmtNs, pairedCompare, table } from "../lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = (name, file = "dist/index.js") => join(root, "packages", name, file);
const load = (name) => import(pathToFileURL(pkg(name)).href);

async function requestOverhead() {
  const ky = (await import(pathToFileURL(createRequire(pkg("core", "package.json")).resolve("ky")).href)).default;
  const { createMetapackAuth } = await load("metapack");
  const { createConfigApiAuth } = await load("configapi");
  const { startMetapackEmulator, startConfigApiEmulator } = await load("testing");
  const metapackEmu = await startMetapackEmulator();
  const configEmu = await startConfigApiEmulator();
  // The measured requests go to a bare keep-alive server, so only the client side differs.
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/api/ping`;
  try {
    const metapack = createMetapackAuth({ baseUrl: metapackEmu.url, ...metapackEmu.credentials, properties: undefined });
    const configapi = createConfigApiAuth({ baseUrl: configEmu.url, clientId: configEmu.credentials.clientId, clientSecret: configEmu.credentials.clientSecret });
    const token = (await metapack.getToken()).accessToken;
    await configapi.getToken();
    const plain = ky.create({ headers: { authorization: `Bearer ${token}` } });
    const mApi = metapack.client();
    const cApi = configapi.client();
    const headers = { authorization: `Bearer ${token}` };
    // Paired rounds (bench/lib.mjs pairedCompare): each competitor's time over its baseline's
    // in the same round, median over many short rounds: steady on a machine whose load drifts.
    const results = await pairedCompare(
      {
        "ky, fixed header": () => plain.get(url).text(),
        "metapack client()": () => mApi.get(url).text(),
        "configapi client()": () => cApi.get(url).text(),
        "fetch, fixed header": () => fetch(url, { headers }).then((r) => r.text()),
        "metapack fetch": () => metapack.fetch(url).then((r) => r.text()),
      },
      { "metapack client()": "ky, fixed header", "configapi client()": "ky, fixed header", "metapack fetch": "fetch, fixed header" },
      { rounds: 101, iterations: 60, warmup: 10 },
    );
    const tokenRequests = metapackEmu.requests.count("/oauth") + configEmu.requests.count("/configapi/v2/oauth/token");
    const row = (name) => [name, fmtNs(results[name].nsPerOp), `${Math.round(1e9 / results[name].nsPerOp)}`, results[name].wallRatio.toFixed(3)];
    return {
      table: table(
        ["request", "median / op", "ops/s", "ratio (median of per-round ratios)"],
        ["ky, fixed header", "metapack client()", "configapi client()", "fetch, fixed header", "metapack fetch"].map(row),
      ),
      ratios: { metapack: results["metapack client()"].wallRatio, configapi: results["configapi client()"].wallRatio, fetch: results["metapack fetch"].wallRatio },
      tokenRequests,
    };
  } finally {
    server.closeAllConnections?.();
    server.close();
    await metapackEmu.close();
    await configEmu.close();
  }
}

async function bundle({ entry, contents, external = [], loader = "js", alias }) {
  const r = await build({
    ...(contents ? { stdin: { contents, resolveDir: root, loader } } : { entryPoints: [entry] }),
    bundle: true,
    minify: true,
    platform: "neutral",
    format: "esm",
    write: false,
    external,
    logLevel: "silent",
    metafile: true,
    ...(alias ? { alias } : {}),
  });
  const code = r.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(r.metafile.outputs)[0].inputs).map(([file, v]) => [file.replace(/^.*packages\//, ""), v.bytesInOutput]);
  return { raw: code.length, gz: gzipSync(code, { level: 9 }).length, inputs };
}

// Which source files the own code is made of (bundled from src/, so files stay apart).
async function breakdown(name, fn) {
  const r = await bundle({
    contents: `export { ${fn} } from ${JSON.stringify(join(root, "packages", name, "src/index.ts"))};`,
    loader: "ts",
    external: ["ky"],
    alias: { "@auth/core": join(root, "packages/core/src/index.ts") },
  });
  return r.inputs
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(1)}`)
    .join(", ");
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

async function bundleSizes() {
  const rows = [];
  const figures = {};
  const kyEntry = createRequire(pkg("core", "package.json")).resolve("ky");
  const kyAlone = await bundle({ contents: `export { default } from ${JSON.stringify(kyEntry)};` });
  for (const [name, fn] of [
    ["metapack", "createMetapackAuth"],
    ["configapi", "createConfigApiAuth"],
  ]) {
    const entry = pkg(name);
    for (const [what, spec] of [
      [`@auth/${name} (whole entry)`, { entry }],
      [`@auth/${name} (${fn} only)`, { contents: `export { ${fn} } from ${JSON.stringify(entry)};` }],
    ]) {
      const total = await bundle(spec);
      const own = await bundle({ ...spec, external: ["ky"] });
      const provider = await bundle({ ...spec, external: ["ky", "@auth/core"] });
      rows.push([what, kb(total.raw), kb(total.gz), kb(own.raw), kb(own.gz), kb(provider.gz), own.gz <= 4096 ? "yes" : "**no**", total.gz <= 13 * 1024 ? "yes" : "**no**"]);
      figures[what] = { total, own };
    }
  }
  rows.push(["ky alone (for scale)", kb(kyAlone.raw), kb(kyAlone.gz), "", "", "", "", ""]);
  const heavy = [];
  for (const [name, fn] of [
    ["metapack", "createMetapackAuth"],
    ["configapi", "createConfigApiAuth"],
  ]) {
    heavy.push(`- ${name}: ${await breakdown(name, fn)}`);
  }
  return {
    table: table(
      ["bundle (esbuild, minified, platform neutral)", "total", "total gz", "without ky", "without ky gz", "provider alone gz", "own <= 4 KB gz", "total <= 13 KB gz"],
      rows,
    ),
    heavy: heavy.join("\n"),
    figures,
  };
}

export default async function () {
  const overhead = await requestOverhead();
  const sizes = await bundleSizes();
  const verdict = (r) => (r <= 1.05 ? "within" : "**over**");
  const markdown = `
### A request with a cached token vs a plain request

GET to a loopback keep-alive server answering \`ok\`, one at a time, in batches of 60, 101 rounds
interleaved with rotating order (10 warm-up); ratios are medians of per-round ratios. "ky, fixed header" is \`ky.create({ headers: { authorization } })\`; the providers'
\`client()\` get the token from their cache (fetched once from the emulators beforehand:
${overhead.tokenRequests} token requests in total). Ratios against ky (client rows) and against
bare fetch (fetch rows). Target: client() / ky <= 1.05 — metapack ${overhead.ratios.metapack.toFixed(3)} (${verdict(overhead.ratios.metapack)}),
configapi ${overhead.ratios.configapi.toFixed(3)} (${verdict(overhead.ratios.configapi)}); fetch / plain fetch <= 1.05 — metapack ${overhead.ratios.fetch.toFixed(3)} (${verdict(overhead.ratios.fetch)}).

${overhead.table}

### Bundle size with dependencies

The built \`dist/index.js\` bundled by esbuild (minify, platform neutral, ESM), gzip level 9 with
node:zlib. "without ky" bundles again with \`ky\` external: the project's own code (core + provider).
Targets: own code <= 4 KB gz, total <= 13 KB gz. "whole entry" keeps every export of the package
(the .properties parser, \`parseApiKeyProperties\`); "only" is what an app importing just the
factory ships. \`@auth/metapack/node\` adds only the file reading and is not for bundles.

${sizes.table}

"provider alone" also leaves \`@auth/core\` external. What the own code is made of (KB minified,
before gzip, per source file, for the factory only):

${sizes.heavy}
`;
  return { title: "Client-credentials providers: request overhead and bundle size", markdown };
}
