// `auth-token` start-up: whole processes, medians, beside bare `node -e ""` in the same run
// (interleaved round by round). Commands: `--help`, and `<provider> token` answered from a
// prepared store file (a valid token: no network, no provider package, no ky).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { median, table } from "../lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, "..", "..", "packages", "cli", "dist", "bin.js");

export default async function () {
  const dir = mkdtempSync(join(tmpdir(), "auth-token-bench-"));
  const store = join(dir, "tokens.json");
  const props = join(dir, "apiKey.properties");
  writeFileSync(props, "apiKey.id = BENCHKEY\napiKey.secret = bench-secret\n");
  const now = Date.now();
  const token = (t) => ({ accessToken: t, tokenType: "Bearer", scopes: ["read"], issuedAt: now, expiresAt: now + 3_600_000 });
  const tokens = {
    "metapack|https://dmo.example.com|BENCHKEY|default": token("bench-metapack-token"),
    "configapi|https://config.example.com|bench.user@config.example.com|default": token("bench-configapi-token"),
    "imagen|https://imagen.example.com|BENCH-IMAGEN-KEY|default": token("bench-imagen-token"),
  };
  // The CLI's index beside the token file: metadata and refreshAt (core's window: max(60 s, 10 %)).
  const index = Object.fromEntries(
    Object.entries(tokens).map(([key, t]) => {
      const [provider, baseUrl, account, profile] = key.split("|");
      const meta = { provider, baseUrl, account, profile, backend: "file", tokenType: t.tokenType, scopes: t.scopes, issuedAt: t.issuedAt, expiresAt: t.expiresAt };
      return [key, { ...meta, refreshAt: t.expiresAt - Math.max(60_000, (t.expiresAt - t.issuedAt) / 10) }];
    }),
  );
  writeFileSync(store, JSON.stringify(tokens), { mode: 0o600 });
  writeFileSync(join(dir, "tokens.index.json"), JSON.stringify(index), { mode: 0o600 });
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    AUTH_TOKEN_STORE: store,
    METAPACK_BASE_URL: "https://dmo.example.com",
    METAPACK_PROPERTIES: props,
    CONFIGAPI_BASE_URL: "https://config.example.com",
    CONFIGAPI_CLIENT_ID: "bench.user",
    CONFIGAPI_CLIENT_SECRET: "bench-secret",
    IMAGEN_BASE_URL: "https://imagen.example.com",
    IMAGEN_API_KEY: "BENCH-IMAGEN-KEY",
  };
  const cases = {
    'node -e ""': [process.execPath, ["-e", ""]],
    "auth-token --help": [process.execPath, [bin, "--help"]],
    "auth-token --version": [process.execPath, [bin, "--version"]],
    "auth-token metapack token (stored)": [process.execPath, [bin, "metapack", "token"]],
    "auth-token configapi token (stored)": [process.execPath, [bin, "configapi", "token"]],
    "auth-token imagen token (stored)": [process.execPath, [bin, "imagen", "token"]],
  };
  // Sanity: each command succeeds and the token commands answer from the store.
  for (const [name, [cmd, args]] of Object.entries(cases)) {
    const r = spawnSync(cmd, args, { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    if (name.includes(" token") && !r.stdout.startsWith("bench-")) throw new Error(`${name} did not answer from the store: ${r.stdout}`);
  }
  const rounds = 31;
  const samples = Object.fromEntries(Object.keys(cases).map((n) => [n, []]));
  const names = Object.keys(cases);
  for (let r = 0; r < rounds + 2; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const [cmd, args] = cases[name];
      const t0 = performance.now();
      spawnSync(cmd, args, { env, stdio: "ignore" });
      if (r >= 2) samples[name].push(performance.now() - t0);
    }
  }
  const base = median(samples['node -e ""']);
  const rows = names.map((n) => {
    const m = median(samples[n]);
    return [n, `${m.toFixed(1)} ms`, n === 'node -e ""' ? "-" : `+${(m - base).toFixed(1)} ms`, n === 'node -e ""' ? "-" : m - base <= 100 ? "yes" : "NO"];
  });
  return {
    title: "auth-token start-up (whole process)",
    markdown: `Median of ${rounds} runs each, interleaved, with \`spawnSync\`. Target: each command within 100 ms of bare node.
The token commands read a prepared store file with a valid token (no network; the provider package and ky are not loaded).

${table(["command", "median", "vs bare node", "within 100 ms"], rows)}
`,
  };
}
