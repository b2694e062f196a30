/**
 * The demo's link to @auth/testing: its scenarios (one per emulator, keyed by provider name)
 * and the settings a started scenario gives a provider, checked against the provider's
 * descriptor. The CLI names no provider: a provider has a demo when @auth/testing has a
 * scenario under its descriptor's name.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ProviderSettings } from "@auth/core";
import type { DemoPurpose, DemoRun, DemoScenario } from "@auth/testing";
import type { LoadedProvider } from "./providers.js";

/** @auth/testing cannot be loaded: the demo says so instead of failing on each provider. */
export class NotAvailable extends Error {}

/** The scenario lookup of @auth/testing (loaded on demand: only the demo needs it). */
export type ScenarioLookup = (provider: string) => DemoScenario | undefined;

export async function loadScenarios(): Promise<ScenarioLookup> {
  try {
    const testing = (await import("@auth/testing")) as { demoScenario?: ScenarioLookup };
    if (typeof testing.demoScenario !== "function") throw new Error("it exports no demoScenario (an older version)");
    return testing.demoScenario;
  } catch (error) {
    throw new NotAvailable(`@auth/testing cannot be loaded: ${String((error as Error).message ?? error).split("\n")[0]}`);
  }
}

/** Why a provider has no demo, one line. */
export function noScenarioReason(provider: LoadedProvider): string {
  return `no emulator in @auth/testing plays '${provider.name}' (${provider.package})`;
}

/**
 * Write the scenario's files into `dir` and return the provider's settings: the scenario's
 * values, each file's path under its setting, then what the descriptor's own loader reads from
 * each file (explicit values win, as on the command line). A setting the descriptor does not
 * have is an error: the scenario and the provider disagree.
 */
export async function scenarioSettings(provider: LoadedProvider, run: DemoRun, dir: string): Promise<ProviderSettings> {
  const known = new Set(provider.settings.map((s) => s.name));
  const values: Record<string, string | undefined> = { ...run.settings };
  for (const [setting, file] of Object.entries(run.files ?? {})) {
    const path = join(dir, `${provider.name}-${file.name}`);
    await writeFile(path, file.content, { mode: 0o600 });
    values[setting] = path;
  }
  for (const name of Object.keys(values)) {
    if (!known.has(name)) throw new Error(`the emulator's scenario gives setting '${name}', which ${provider.package} does not have`);
  }
  for (const file of provider.files ?? []) {
    const path = values[file.setting];
    if (path === undefined || run.files?.[file.setting] === undefined) continue;
    for (const [k, v] of Object.entries(await file.load(path))) if (values[k] === undefined && v !== undefined) values[k] = v;
  }
  return values;
}

/** Start a provider's scenario (undefined when there is none). */
export async function startScenario(lookup: ScenarioLookup, provider: LoadedProvider, purpose: DemoPurpose): Promise<DemoRun | undefined> {
  return await lookup(provider.name)?.start(purpose);
}
