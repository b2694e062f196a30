// Benchmark helpers shared by the suites in bench/suites/. A harness, not timed tests:
// competitors run in the same process, interleaved round by round, and we report medians.
import { performance } from "node:perf_hooks";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * Run each competitor `rounds` times, interleaved (A B C, A B C, ...), each round timing
 * `iterations` calls of an async (or sync) function. Returns per-competitor median ns/op
 * and ops/s. The order inside a round rotates, so no competitor always goes first.
 */
export async function compare(competitors, { rounds = 15, iterations = 2000, warmup = 2, concurrency = 1 } = {}) {
  const names = Object.keys(competitors);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds + warmup; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) {
      const fn = competitors[name];
      const t0 = performance.now();
      if (concurrency === 1) {
        for (let i = 0; i < iterations; i++) await fn();
      } else {
        let next = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next++ < iterations) await fn();
          }),
        );
      }
      const ns = ((performance.now() - t0) * 1e6) / iterations;
      if (r >= warmup) samples[name].push(ns);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { nsPerOp: median(samples[n]), opsPerSec: 1e9 / median(samples[n]), samples: samples[n] }]));
}

export const fmtNs = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
export const fmtRatio = (x) => `${x.toFixed(3)}`;

/** A markdown table from rows of cells. */
export function table(header, rows) {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

/** Time a whole process (ms), median of `runs`, for cold-start figures. */
export async function timeProcess(cmd, args, { runs = 11, env = process.env, cwd } = {}) {
  const { spawnSync } = await import("node:child_process");
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { env, cwd, stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Like lib's compare, but with short batches and many rounds, and it also returns, per
 * competitor, the median over rounds of (its time / the baseline's time in the same round),
 * for wall and CPU time. On a shared machine whose load drifts, per-round ratios of batches
 * run back to back are far steadier than a ratio of medians. CPU time is the whole process's
 * (the loopback server runs in it too), so it dilutes, never inflates, a difference.
 */
export async function pairedCompare(competitors, baselineOf, { rounds = 151, iterations = 60, warmup = 10 } = {}) {
  const names = Object.keys(competitors);
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds + warmup; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) {
      const fn = competitors[name];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < iterations; i++) await fn();
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      if (r >= warmup) {
        wall[name].push(((t1 - t0) * 1e6) / iterations);
        cpu[name].push(((c1.user + c1.system) * 1e3) / iterations);
      }
    }
  }
  const out = {};
  for (const n of names) {
    const base = baselineOf[n] ?? n;
    out[n] = {
      nsPerOp: median(wall[n]),
      cpuNsPerOp: median(cpu[n]),
      wallRatio: median(wall[n].map((x, i) => x / wall[base][i])),
      cpuRatio: median(cpu[n].map((x, i) => x / cpu[base][i])),
    };
  }
  return out;
}
