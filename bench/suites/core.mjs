// @auth/core: what a request costs with a cached token (createClient vs ky with a fixed header,
// authFetch vs fetch with a fixed header), what a cache hit costs, what a cold stampede
// costs (single flight vs a naive cache), and the cold start of importing core.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compare, fmtNs, median, pairedCompare, table, timeProcess } from "../lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const coreDist = join(root, "packages/core/dist/index.js");
const kyEntry = createRequire(join(root, "packages/core/package.json")).resolve("ky");

/** A loopback keep-alive server: `/r` answers a small JSON; `/token` issues tokens and counts. */
async function startBenchServer({ tokenDelayMs = 0 } = {}) {
  let tokenRequests = 0;
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url === "/token") {
        tokenRequests++;
        const body = JSON.stringify({ access_token: `tok-${++n}`, token_type: "Bearer", expires_in: 3600 });
        const send = () => res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(body);
        return tokenDelayMs ? setTimeout(send, tokenDelayMs) : send();
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.maxRequestsPerSocket = 0;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    get tokenRequests() {
      return tokenRequests;
    },
    reset() {
      tokenRequests = 0;
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}

const ratio = (x) => x.toFixed(3);

const verdict = (x, target) => `${ratio(x)} (${x <= target ? "within" : "**over**"} ${target})`;

async function requestOverhead(core, ky) {
  const srv = await startBenchServer();
  const url = `${srv.base}/r`;
  try {
    const cache = core.createTokenCache({
      fetchToken: () => core.requestToken({ url: `${srv.base}/token`, params: { grant_type: "client_credentials" } }),
    });
    const authorizer = core.bearerAuthorizer(cache);
    const token = (await cache.getToken()).accessToken;
    const headers = { authorization: `Bearer ${token}` };
    const plainKy = ky.create({ headers });
    const ours = core.createClient(authorizer);
    const ourFetch = core.authFetch(authorizer);
    const results = await pairedCompare(
      {
        "ky, fixed header": () => plainKy.get(url).text(),
        "createClient (ky)": () => ours.get(url).text(),
        "fetch, fixed header": () => fetch(url, { headers }).then((r) => r.text()),
        authFetch: () => ourFetch(url).then((r) => r.text()),
      },
      { "createClient (ky)": "ky, fixed header", authFetch: "fetch, fixed header" },
    );
    const row = (name) => {
      const x = results[name];
      return [name, fmtNs(x.nsPerOp), `${Math.round(1e9 / x.nsPerOp)}`, fmtNs(x.cpuNsPerOp), ratio(x.wallRatio), ratio(x.cpuRatio)];
    };
    return {
      table: table(
        ["request", "median wall / op", "ops/s", "median CPU / op", "wall ratio", "CPU ratio"],
        ["ky, fixed header", "createClient (ky)", "fetch, fixed header", "authFetch"].map(row),
      ),
      client: results["createClient (ky)"].wallRatio,
      fetch: results.authFetch.wallRatio,
      kyVsFetch: results["ky, fixed header"].nsPerOp / results["fetch, fixed header"].nsPerOp,
      tokenRequests: srv.tokenRequests,
    };
  } finally {
    await srv.close();
  }
}

async function cacheHit(core) {
  const token = core.createAccessToken({ accessToken: "t", tokenType: "Bearer", scopes: [], issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 });
  const cache = core.createTokenCache({ fetchToken: async () => token });
  await cache.getToken();
  const resolved = Promise.resolve(token);
  const results = await compare(
    {
      "getToken() (cache hit)": () => cache.getToken(),
      "await of a resolved promise (floor)": () => resolved,
    },
    { rounds: 21, iterations: 200_000, warmup: 3 },
  );
  return {
    hit: results["getToken() (cache hit)"].nsPerOp,
    floor: results["await of a resolved promise (floor)"].nsPerOp,
  };
}

async function stampede(core) {
  // The token endpoint answers after 5 ms, like a fast provider over a LAN.
  const srv = await startBenchServer({ tokenDelayMs: 5 });
  const tokenUrl = `${srv.base}/token`;
  const fetchToken = () => core.requestToken({ url: tokenUrl, params: { grant_type: "client_credentials" } });
  try {
    const runs = [];
    for (let i = 0; i < 7; i++) {
      srv.reset();
      const cache = core.createTokenCache({ fetchToken });
      const t0 = performance.now();
      const tokens = await Promise.all(Array.from({ length: 10_000 }, () => cache.getToken()));
      runs.push({ ms: performance.now() - t0, requests: srv.tokenRequests, distinct: new Set(tokens.map((t) => t.accessToken)).size });
    }
    // The usual pattern without single flight: check a variable, fetch when empty.
    const naiveRuns = [];
    for (let i = 0; i < 3; i++) {
      srv.reset();
      let cached;
      const naiveGet = async () => {
        if (cached && cached.expiresAt > Date.now() + 60_000) return cached;
        cached = await fetchToken();
        return cached;
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 1000 }, () => naiveGet()));
      naiveRuns.push({ ms: performance.now() - t0, requests: srv.tokenRequests });
    }
    return {
      ms: median(runs.map((r) => r.ms)),
      requests: Math.max(...runs.map((r) => r.requests)),
      distinct: Math.max(...runs.map((r) => r.distinct)),
      naiveMs: median(naiveRuns.map((r) => r.ms)),
      naiveRequests: median(naiveRuns.map((r) => r.requests)),
    };
  } finally {
    await srv.close();
  }
}

async function coldStart() {
  const node = process.execPath;
  const env = { ...process.env, NODE_OPTIONS: "" };
  const run = (code) => timeProcess(node, ["--input-type=module", "-e", code], { runs: 15, env });
  // Interleave the three so machine noise hits all alike; medians of medians.
  const bare = [];
  const core = [];
  const kyOnly = [];
  for (let i = 0; i < 3; i++) {
    bare.push(await run("fetch;"));
    core.push(await run(`await import(${JSON.stringify(pathToFileURL(coreDist).href)}); fetch;`));
    kyOnly.push(await run(`await import(${JSON.stringify(pathToFileURL(kyEntry).href)}); fetch;`));
  }
  return { bare: median(bare), core: median(core), ky: median(kyOnly) };
}

export default async function () {
  const core = await import(pathToFileURL(coreDist).href);
  const ky = (await import(pathToFileURL(kyEntry).href)).default;
  const req = await requestOverhead(core, ky);
  const hit = await cacheHit(core);
  const st = await stampede(core);
  const cold = await coldStart();
  const markdown = `
### An authorized request with a cached token

GET to a loopback keep-alive \`node:http\` server answering a small JSON, one at a time, in
batches of 60, 151 rounds interleaved with rotating order (10 warm-up). Baselines send the same
\`Authorization: Bearer\` as a fixed header. Ratios are medians of per-round ratios (ours / its
baseline in the same round), wall and process CPU time. Token requests during the run: ${req.tokenRequests} (the cache was warmed once).
Targets: createClient / ky ${verdict(req.client, 1.05)}; authFetch / fetch ${verdict(req.fetch, 1.05)}.
For scale, ky itself costs ${ratio(req.kyVsFetch)}× plain fetch here.

${req.table}

### \`getToken()\` on a warm cache

Median over 21 rounds of 200,000 sequential \`await cache.getToken()\`: **${fmtNs(hit.hit)}** per call
(target < 1 µs: ${hit.hit < 1000 ? "within" : "**over**"}); the floor, awaiting an already resolved
promise, is ${fmtNs(hit.floor)}.

### Cold stampede

10,000 concurrent \`getToken()\` on a cold cache, the token endpoint (loopback, answers after
5 ms) behind \`requestToken\`; median of 7 runs.

| pattern | callers | token requests | wall time |
| --- | --- | --- | --- |
| createTokenCache (single flight) | 10,000 | ${st.requests} (distinct tokens handed out: ${st.distinct}) | ${st.ms.toFixed(1)} ms |
| naive cache (\`if (!cached) cached = await fetchToken()\`) | 1,000 | ${st.naiveRequests} | ${st.naiveMs.toFixed(1)} ms |

### Cold start

Whole \`node --input-type=module -e ...\` processes, median of 3 × 15 runs, interleaved.

| process | median | added |
| --- | --- | --- |
| bare node, \`fetch\` touched | ${cold.bare.toFixed(1)} ms | — |
| \`await import("@auth/core")\` + \`fetch\` | ${cold.core.toFixed(1)} ms | +${(cold.core - cold.bare).toFixed(1)} ms |
| \`await import("ky")\` + \`fetch\` (for scale) | ${cold.ky.toFixed(1)} ms | +${(cold.ky - cold.bare).toFixed(1)} ms |
`;
  return { title: "@auth/core: request overhead, cache hit, stampede, cold start", markdown };
}
