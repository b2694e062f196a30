// The matrix's runtimes: how each starts, reports its version and runs one cell.
// Node 22, Bun and Deno run drivers/process.mjs; workerd runs a Worker bundled from
// drivers/worker-entry.mjs; Chromium loads a page bundled from drivers/browser-entry.mjs.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const MATRIX = join(HERE, "..");
const ROOT = join(MATRIX, "..");
const BIN = join(ROOT, ".toolchain", "runtimes", "node_modules", ".bin");
const TMP = join(MATRIX, ".tmp");
const CHROMIUM = "/usr/bin/chromium";
/** A cell's process is killed after this long (the harness's own bound is a little longer). */
const PROCESS_TIMEOUT_MS = 40_000;

/** Run a command; resolve with its exit code, stdout and stderr (killed after PROCESS_TIMEOUT_MS). */
function exec(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: MATRIX, stdio: ["ignore", "pipe", "pipe"], timeout: PROCESS_TIMEOUT_MS, env: { ...process.env, NO_COLOR: "1" }, ...options });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function binary(name) {
  const path = join(BIN, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/ensure-runtimes.sh`);
  return path;
}

/** The cell's JSON result from the last stdout line of a driver process. */
function resultOf({ code, signal, stdout, stderr }) {
  const last = stdout.trim().split("\n").at(-1) ?? "";
  try {
    const r = JSON.parse(last);
    const warnings = stderr.trim() ? stderr.trim().split("\n").length : 0;
    if (warnings) r.stderrLines = warnings;
    return r;
  } catch {
    const why = signal ? `killed by ${signal}` : `exit code ${code}`;
    return { ok: false, error: `no result (${why}): ${(stderr || stdout).trim().split("\n").slice(0, 3).join(" / ").slice(0, 400)}` };
  }
}

/** drivers/process-entry.mjs for one entry, written to .tmp/ (same depth as drivers/, so its relative imports hold). */
async function processDriver(entry) {
  const source = (await readFile(join(HERE, "process-entry.mjs"), "utf8")).replace(`"__SCENARIO__"`, `"../scenarios/${entry}.mjs"`);
  await mkdir(TMP, { recursive: true });
  const file = join(TMP, `${entry}.process.mjs`);
  await writeFile(file, source);
  return file;
}

/** A runtime that runs drivers/process-entry.mjs with `<entry> <input JSON>`. */
function processRuntime(id, name, command, prefixArgs, versionOf) {
  return {
    id,
    name,
    async start() {
      const cmd = command();
      const version = await versionOf(cmd);
      return {
        version,
        async run(entry, input) {
          const file = await processDriver(entry);
          return resultOf(await exec(cmd, [...prefixArgs, file, JSON.stringify(input)]));
        },
      };
    },
  };
}

const firstLine = async (cmd, args, pick = (s) => s) => pick((await exec(cmd, args)).stdout.trim().split("\n")[0]);

/** An esbuild bundle of a driver with one scenario, from the built packages (node_modules → dist/), for a browser-like platform. */
export async function bundle(driver, entry, conditions) {
  const esbuild = await import("esbuild");
  const source = (await readFile(join(HERE, driver), "utf8")).replace(`"__SCENARIO__"`, `"../scenarios/${entry}.mjs"`);
  try {
    const out = await esbuild.build({
      stdin: { contents: source, resolveDir: HERE, sourcefile: `${driver} (${entry})`, loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      conditions,
      write: false,
      logLevel: "silent",
    });
    return out.outputFiles[0].text;
  } catch (error) {
    const first = error.errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : "";
    throw new Error(`bundle (esbuild, platform browser): ${first ? first.text + where : error.message}`);
  }
}

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

const workerdConfig = (port) => `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .cell),
    # workerd refuses loopback and private addresses unless the outbound network allows them.
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);

const cell :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`;

/** workerd: one process per cell, serving the bundled Worker on a free loopback port. */
const workerd = {
  id: "workerd",
  name: "workerd",
  async start() {
    const cmd = binary("workerd");
    const version = await firstLine(cmd, ["--version"], (s) => s.replace(/^workerd\s+/, ""));
    return {
      version,
      async run(entry, input) {
        let code;
        try {
          code = await bundle("worker-entry.mjs", entry, ["workerd", "worker", "browser"]);
        } catch (error) {
          return { ok: false, error: error.message };
        }
        const dir = join(TMP, "workerd", entry);
        await mkdir(dir, { recursive: true });
        const port = await freePort();
        await writeFile(join(dir, "worker.js"), code);
        await writeFile(join(dir, "config.capnp"), workerdConfig(port));
        const child = spawn(cmd, ["serve", join(dir, "config.capnp")], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.stdout.on("data", (d) => (stderr += d));
        const exited = new Promise((r) => child.on("close", r));
        try {
          const deadline = Date.now() + 15_000;
          for (;;) {
            try {
              const res = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: JSON.stringify(input), signal: AbortSignal.timeout(PROCESS_TIMEOUT_MS) });
              const r = await res.json();
              const warnings = stderr.trim() ? stderr.trim().split("\n").filter((l) => /warn/i.test(l)) : [];
              if (warnings.length) r.notes = `workerd logged ${warnings.length} warning line(s), e.g. "${warnings[0].slice(0, 160)}"`;
              return r;
            } catch (error) {
              if (child.exitCode !== null) return { ok: false, error: `workerd exited ${child.exitCode}: ${stderr.trim().slice(0, 400)}` };
              if (Date.now() > deadline) return { ok: false, error: `workerd did not answer: ${error.message}; ${stderr.trim().slice(0, 300)}` };
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        } finally {
          child.kill("SIGTERM");
          await exited;
        }
      },
    };
  },
};

/** Headless Chromium (Debian's), driven by playwright-core; pages served from a loopback origin of their own. */
const chromium = {
  id: "chromium",
  name: "Chromium",
  async start() {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh`);
    const pages = new Map();
    const server = createServer((req, res) => {
      const path = new URL(req.url, "http://x").pathname;
      const body = pages.get(path);
      if (path === "/favicon.ico") return res.writeHead(204).end(); // no 404 in the console's error list
      if (body === undefined) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": req.url.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8" }).end(body);
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${server.address().port}`;
    const { chromium: pw } = await import("playwright-core");
    const flags = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
    const browser = await pw.launch({ executablePath: CHROMIUM, headless: true, args: flags, timeout: 30_000 });
    return {
      version: browser.version(),
      origin,
      async run(entry, input) {
        let code;
        try {
          code = await bundle("browser-entry.mjs", entry, ["browser"]);
        } catch (error) {
          return { ok: false, error: error.message };
        }
        pages.set(`/${entry}.js`, code);
        pages.set(`/${entry}.html`, `<!doctype html><meta charset="utf-8"><title>${entry}</title><script type="module" src="/${entry}.js"></script>`);
        const page = await browser.newPage();
        const problems = [];
        page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
        page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
        try {
          await page.goto(`${origin}/${entry}.html`);
          await page.waitForFunction(() => typeof window.runMatrixCell === "function", undefined, { timeout: 10_000 });
          const r = await page.evaluate((i) => window.runMatrixCell(i), input);
          if (!r.ok && problems.length) r.error += ` | ${problems.join(" | ").slice(0, 400)}`;
          return r;
        } catch (error) {
          return { ok: false, error: `${error.message.split("\n")[0]}${problems.length ? ` | ${problems.join(" | ").slice(0, 400)}` : ""}` };
        } finally {
          await page.close();
        }
      },
      async stop() {
        await browser.close();
        await new Promise((r) => server.close(r));
      },
    };
  },
};

export const RUNTIMES = [
  processRuntime("node22", "Node", () => binary("node"), [], (cmd) => firstLine(cmd, ["--version"])),
  {
    // The harness's own Node: the repo's Node 24 (scripts/bootstrap.sh).
    id: "node24",
    name: "Node",
    async start() {
      if (process.versions.node.split(".")[0] !== "24") throw new Error(`the harness runs on Node ${process.version}, not 24: run it through scripts/bootstrap.sh`);
      return processRuntime("node24", "Node", () => process.execPath, [], async () => process.version).start();
    },
  },
  processRuntime("bun", "Bun", () => binary("bun"), ["run"], (cmd) => firstLine(cmd, ["--version"])),
  // Only the network permission, and only loopback: a main entry needs no file, env or other access.
  processRuntime("deno", "Deno", () => binary("deno"), ["run", "--no-prompt", "--allow-net=127.0.0.1"], (cmd) =>
    firstLine(cmd, ["--version"], (s) => s.split(" ")[1]),
  ),
  workerd,
  chromium,
];
