import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type AccessToken, type BearerAuth, createBearerAuth, type Logger, requestToken, type TokenCacheOptions } from "@auth/core";
import type { OAuth2Emulator } from "@auth/testing";
import type { RedisTokenStore } from "../src/index.js";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function recordingLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (m: string) => void messages.push(m) };
}

/** A bearer auth from core against the emulator, on `store`. */
export function emulatorAuth(
  emulator: OAuth2Emulator,
  store: RedisTokenStore,
  options: Partial<TokenCacheOptions> = {},
): BearerAuth {
  return createBearerAuth({
    store,
    key: "test",
    ...options,
    fetchToken: () =>
      requestToken({
        url: emulator.tokenUrl,
        params: { grant_type: "client_credentials" },
        clientAuth: { method: "basic", ...emulator.credentials },
        retry: 0,
      }),
  });
}

export const unique = (tokens: AccessToken[]) => [...new Set(tokens.map((t) => t.accessToken))];

const workerPath = fileURLToPath(new URL("./fixtures/fleet-worker.mjs", import.meta.url));
const distPath = fileURLToPath(new URL("../dist/index.js", import.meta.url));

export interface RoundResult {
  pid: number;
  tokens: string[];
  errors: string[];
  ms: number;
  warnings: string[];
  /** With `rounds(callers, keys)`: the tokens each key got. */
  byKey?: Record<string, string[]>;
  /** With `run`: how many getToken() calls it made. */
  requests?: number;
  /** With `run`: the slowest getToken() call (ms). */
  slowestMs?: number;
  /** With `run`: store calls that took over a second. */
  slowOps?: string[];
  /** With `run`: the longest event-loop delay in the process (ms). */
  maxLagMs?: number;
}

export interface Worker {
  readonly child: ChildProcess;
  readonly pid: number;
  round(callers: number, key?: string): Promise<RoundResult>;
  /** One round of `callers` concurrent getToken() on each of `keys`, all at once. */
  rounds(callers: number, keys: string[]): Promise<RoundResult>;
  /** Rounds of `callers` concurrent getToken(), `pauseMs` apart, for `durationMs`. */
  run(callers: number, durationMs: number, pauseMs: number, key?: string): Promise<RoundResult>;
  onFetching(listener: (pid: number) => void): void;
  exit(): Promise<void>;
}

/** Fork one fleet process (node, importing the built dist of core and redis). */
export async function startWorker(config: Record<string, unknown>): Promise<Worker> {
  if (!existsSync(distPath)) throw new Error("packages/redis/dist is missing: build first (pnpm turbo run build --filter=@auth/redis...)");
  const child = fork(workerPath, [JSON.stringify(config)], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const fetching: ((pid: number) => void)[] = [];
  let pendingRound: ((r: RoundResult) => void) | undefined;
  const ready = new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
    child.on("message", (m: { event: string; pid: number } & RoundResult) => {
      if (m.event === "ready") resolve(m.pid);
      else if (m.event === "fetching") for (const f of fetching) f(m.pid);
      else if (m.event === "round") pendingRound?.(m);
    });
  });
  const pid = await ready;
  return {
    child,
    pid,
    round(callers, key) {
      return new Promise((resolve) => {
        pendingRound = resolve;
        child.send({ cmd: "round", callers, key });
      });
    },
    rounds(callers, keys) {
      return new Promise((resolve) => {
        pendingRound = resolve;
        child.send({ cmd: "round", callers, keys });
      });
    },
    run(callers, durationMs, pauseMs, key) {
      return new Promise((resolve) => {
        pendingRound = resolve;
        child.send({ cmd: "run", callers, durationMs, pauseMs, key });
      });
    },
    onFetching: (l) => void fetching.push(l),
    async exit() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.send({ cmd: "exit" });
      const t = setTimeout(() => child.kill("SIGKILL"), 2000);
      await gone;
      clearTimeout(t);
    },
  };
}
