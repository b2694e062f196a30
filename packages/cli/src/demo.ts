/**
 * `auth-token demo`: every loaded provider end to end against its local emulator, started in
 * this process from the provider's scenario in @auth/testing. The provider is driven only
 * through its descriptor (`create`, `login`, `fetch`), as the other commands do. Each step says
 * which endpoint was called, what came back (secrets redacted), the token's expiry and one
 * authenticated request; browser steps are played by following the emulator's redirects with
 * fetch. Tokens live in memory only: the user's token file is not touched. A provider no
 * emulator plays (an in-house plugin) is listed as skipped, with the reason.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessToken, ProviderContext } from "@auth/core";
import type { DemoRun } from "@auth/testing";
import { loadScenarios, NotAvailable, noScenarioReason, type ScenarioLookup, scenarioSettings, startScenario } from "./demo-scenario.js";
import { playBrowser, Steps } from "./demo-steps.js";
import { telemetryLines } from "./demo-telemetry.js";
import type { LoadedProvider, Registry } from "./providers.js";
import { storeKey } from "./store.js";
import { fmtDuration, type Ui, UsageError } from "./ui.js";

export { serve } from "./demo-serve.js";

interface Result {
  provider: string;
  state: "ok" | "failed" | "skipped";
  text: string;
}

/** Walk one provider through its started scenario; the summary text. */
async function walk(ui: Ui, provider: LoadedProvider, run: DemoRun, dir: string): Promise<string> {
  for (const secret of run.secrets) ui.secrets.add(secret);
  const s = new Steps(ui, run.url, run.requests);
  s.say(`emulator at ${run.url}; ${run.intro}`);
  const settings = await scenarioSettings(provider, run, dir);
  const { MemoryTokenStore } = await import("@auth/core");
  const warn = (m: string) => ui.warn(m);
  const context: ProviderContext = {
    store: new MemoryTokenStore(),
    key: storeKey(provider.name, run.url, provider.account(settings) ?? "", "demo"),
    logger: { warn, error: warn, info: () => {}, debug: () => {} } as ProviderContext["logger"],
    async presentUrl(url) {
      s.sent();
      if (run.atBrowser) s.say(`${ui.paint("green", "←")} ${run.atBrowser}`);
      await playBrowser(s, url);
    },
    prompt: async () => {
      throw new Error("the demo cannot answer a prompt: the scenario must use a loopback redirect");
    },
    waiting: () => () => {},
  };
  const session = await provider.create(settings, context);
  s.say(run.flow);
  const token: AccessToken = session.login && provider.login === "interactive" ? await session.login({ openBrowser: true, timeoutMs: 30_000 }) : await session.getToken();
  for (const secret of [token.accessToken, token.tokenSecret, token.refreshToken]) if (secret) ui.secrets.add(secret);
  s.sent();
  if (run.tokenNote) s.say(`  ${run.tokenNote}`);
  s.token(token);
  const { request } = run;
  s.say(request.describe);
  const res = await session.fetch(`${run.url}${request.path}`, {
    method: request.method,
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  s.sent();
  await s.response(res);
  const valid = token.expiresAt === undefined ? "token without expiry" : `token valid ${fmtDuration(token.expiresAt - Date.now())}`;
  return `${run.done ?? ""}${valid}, 1 ${request.kind} request, ${s.count} HTTP calls`;
}

/** One provider: its heading, the walkthrough or why it was skipped, and the emulator stopped. */
async function demoOne(ui: Ui, provider: LoadedProvider, lookup: ScenarioLookup | NotAvailable, dir: string): Promise<Result> {
  ui.out(ui.paint("bold", `${provider.title} (${provider.name}): ${provider.summary}`));
  const t0 = Date.now();
  let run: DemoRun | undefined;
  try {
    if (lookup instanceof NotAvailable) throw lookup;
    run = await startScenario(lookup, provider, "walkthrough");
    if (!run) {
      const text = `no emulator, skipped: ${noScenarioReason(provider)}`;
      ui.out(`  ${ui.paint("yellow", "–")} ${text}`);
      return { provider: provider.name, state: "skipped", text };
    }
    const text = await walk(ui, provider, run, dir);
    return { provider: provider.name, state: "ok", text: `${text} (${Date.now() - t0} ms)` };
  } catch (error) {
    const e = error as Error & { hint?: string };
    const text = error instanceof NotAvailable ? `not available: ${e.message}` : `failed: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
    ui.out(ui.mask(`  ${ui.paint("red", "✗")} ${text}`));
    if (ui.debug && e.stack) ui.out(ui.mask(e.stack));
    return { provider: provider.name, state: "failed", text };
  } finally {
    await run?.close().catch(() => {});
  }
}

/** `auth-token demo [provider...]`: exit 0 when every provider with an emulator completed. */
export async function demo(only: string[], ui: Ui, registry: Registry): Promise<number> {
  for (const p of only) if (!registry.get(p)) throw new UsageError(`Unknown provider '${p}'.`, `Providers: ${registry.list.map((d) => d.name).join(", ")}. Run 'auth-token demo --help'.`);
  const chosen = only.length ? only.map((p) => registry.get(p)!) : registry.list;
  ui.out(ui.paint("bold", "auth-token demo: each provider end to end against a local emulator (@auth/testing), in this process."));
  ui.out("Nothing leaves this machine; tokens are kept in memory (your token file is not touched).\n");
  const lookup = await loadScenarios().catch((error: NotAvailable) => error);
  const dir = await mkdtemp(join(tmpdir(), "auth-token-demo-"));
  const results: Result[] = [];
  try {
    for (const provider of chosen) {
      results.push(await demoOne(ui, provider, lookup, dir));
      ui.out("");
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  ui.out(ui.paint("bold", "Summary"));
  const mark = { ok: ui.paint("green", "✓"), failed: ui.paint("red", "✗"), skipped: ui.paint("yellow", "–") };
  for (const r of results) ui.out(ui.mask(`  ${mark[r.state]} ${r.provider.padEnd(10)} ${r.text}`));
  const ran = results.filter((r) => r.state !== "skipped");
  if (ran.length) {
    ui.out(ui.paint("bold", "\nTelemetry of this process (telemetrySnapshot() of @auth/core/telemetry)"));
    for (const line of telemetryLines(ran.map((r) => r.provider))) ui.out(`  ${line}`);
  }
  const failed = ran.filter((r) => r.state === "failed").length;
  const skipped = results.length - ran.length;
  const skippedText = skipped ? ` ${skipped} skipped (no emulator).` : "";
  ui.out(failed ? `\n${failed} of ${ran.length} providers did not complete.${skippedText}` : `\nAll ${ran.length} providers completed.${skippedText}`);
  return failed ? 1 : 0;
}
