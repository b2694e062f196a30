/**
 * `auth-token demo --serve [provider...]`: start the emulators of the loaded providers that have
 * a scenario in @auth/testing and keep them running until Ctrl-C or SIGTERM. stdout gets
 * `export` lines (each setting under the provider's own environment variable, from its
 * descriptor) then `# ready`; people read stderr.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DemoRun } from "@auth/testing";
import { loadScenarios, noScenarioReason, scenarioSettings, startScenario } from "./demo-scenario.js";
import type { Registry } from "./providers.js";
import { type Ui, UsageError } from "./ui.js";

const shellQuote = (s: string) => `'${s.split("'").join("'\\''")}'`;

export async function serve(only: string[], ui: Ui, registry: Registry): Promise<number> {
  const lookup = await loadScenarios();
  const served = registry.list.filter((p) => lookup(p.name) !== undefined);
  for (const p of only) {
    const provider = registry.get(p);
    if (!provider || !lookup(p)) {
      const why = provider ? `${noScenarioReason(provider)}. ` : "";
      throw new UsageError(`${provider ? "No emulator for" : "Unknown provider"} '${p}'.`, `${why}Emulators: ${served.map((d) => d.name).join(", ")}.`);
    }
  }
  const chosen = only.length ? only.map((p) => registry.get(p)!) : served;
  // Kept after the emulators stop: a sourced settings file may still name a file in it.
  const dir = await mkdtemp(join(tmpdir(), "auth-token-demo-"));
  const running: DemoRun[] = [];
  const lines: string[] = [];
  try {
    for (const provider of chosen) {
      const run = (await startScenario(lookup, provider, "serve"))!;
      running.push(run);
      // Only the scenario's own settings and files are exported; what a file gives, the provider reads from it.
      const given = await scenarioSettings(provider, run, dir);
      const exported = [...Object.keys(run.settings), ...Object.keys(run.files ?? {})];
      lines.push(`# ${provider.name} emulator at ${run.url}`);
      for (const setting of provider.settings) {
        const value = given[setting.name];
        if (exported.includes(setting.name) && value !== undefined) lines.push(`export ${setting.env}=${shellQuote(value)}`);
      }
      ui.info(`${provider.name} emulator at ${run.url}`);
    }
    ui.io.stdout.write(`${lines.join("\n")}\n# ready\n`);
    ui.info("Serving until Ctrl-C (or SIGTERM). The lines on stdout are the settings to export: redirect them to a file and source it.");
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  } finally {
    await Promise.all(running.map((e) => e.close().catch(() => {})));
  }
  ui.info("Emulators stopped.");
  return 0;
}
