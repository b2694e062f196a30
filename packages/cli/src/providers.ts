/**
 * The providers the CLI knows: the built-in provider packages (the ONE place that names them)
 * plus in-house packages named in `AUTH_TOKEN_PROVIDERS` or the `providers` list of
 * config.json. Each is loaded through its `<package>/descriptor` entry, which carries no
 * runtime code, so listing every provider (help, completion, parsing flags) stays fast.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ProviderDescriptor } from "@auth/core";
import type { CliConfig } from "./cli-config.js";

/** The provider packages that ship with the CLI (its dependencies). */
export const BUILTIN_PROVIDERS: readonly string[] = ["@auth/metapack", "@auth/configapi", "@auth/bynder", "@auth/imagen"];

/** Names a provider cannot take: the CLI's own commands. */
export const RESERVED_NAMES = new Set(["status", "demo", "completion", "help", "version"]);

export interface LoadedProvider extends ProviderDescriptor {
  /** The package it came from. */
  readonly package: string;
}

export interface Registry {
  readonly list: readonly LoadedProvider[];
  get(name: string | undefined): LoadedProvider | undefined;
  /** Plugins that could not be loaded: one line each, shown as warnings. */
  readonly problems: readonly string[];
}

/** The plugin package names, from the environment then config.json, without duplicates. */
export function pluginNames(env: Record<string, string | undefined>, config: CliConfig): string[] {
  const fromEnv = (env.AUTH_TOKEN_PROVIDERS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set([...fromEnv, ...config.providers])].filter((p) => !BUILTIN_PROVIDERS.includes(p));
}

/** Import `<pkg>/descriptor`: beside the CLI first (a global or shared install), then from the working directory. */
async function importDescriptor(pkg: string, cwd: string): Promise<unknown> {
  const specifier = `${pkg}/descriptor`;
  try {
    return await import(specifier);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw error;
    let resolved: string;
    try {
      resolved = createRequire(join(cwd, "noop.js")).resolve(specifier);
    } catch {
      throw error;
    }
    return await import(pathToFileURL(resolved).href);
  }
}

/** Checks a plugin's descriptor enough that the CLI's own code can rely on it. */
function validate(value: unknown, pkg: string): LoadedProvider {
  const d = ((value as { descriptor?: unknown })?.descriptor ?? (value as { default?: unknown })?.default) as ProviderDescriptor | undefined;
  const fail = (what: string): never => {
    throw new Error(`${pkg}/descriptor ${what}`);
  };
  if (!d || typeof d !== "object") fail("exports no `descriptor`");
  const name = d!.name;
  if (typeof name !== "string" || name.length === 0 || name.length > 40 || ![...name].every((c) => (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "-")) {
    fail("has a name that is not lower-case letters, digits and '-'");
  }
  if (RESERVED_NAMES.has(name)) fail(`is named '${name}', which is an auth-token command`);
  if (!Array.isArray(d!.settings) || typeof d!.create !== "function" || typeof d!.account !== "function") fail("lacks settings, account() or create()");
  for (const s of d!.settings) {
    if (typeof s?.name !== "string" || typeof s.flag !== "string" || typeof s.env !== "string") fail("has a setting without name, flag or env");
  }
  return Object.assign(Object.create(d!) as ProviderDescriptor, { package: pkg }) as LoadedProvider;
}

/** Load every descriptor (in parallel); a plugin that fails is reported, not fatal. */
export async function loadProviders(env: Record<string, string | undefined>, config: CliConfig, cwd = process.cwd()): Promise<Registry> {
  const packages = [...BUILTIN_PROVIDERS, ...pluginNames(env, config)];
  const problems: string[] = [];
  const loaded = await Promise.all(
    packages.map(async (pkg) => {
      try {
        return validate(await importDescriptor(pkg, cwd), pkg);
      } catch (error) {
        const source = BUILTIN_PROVIDERS.includes(pkg) ? "built in" : "named in AUTH_TOKEN_PROVIDERS or config.json";
        problems.push(`provider package ${pkg} (${source}) cannot be loaded: ${String((error as Error).message ?? error).split("\n")[0]}`);
        return undefined;
      }
    }),
  );
  const list: LoadedProvider[] = [];
  for (const d of loaded) {
    if (!d) continue;
    if (list.some((x) => x.name === d.name)) {
      problems.push(`provider package ${d.package} is named '${d.name}', like an earlier one; it is ignored`);
      continue;
    }
    list.push(d);
  }
  const byName = new Map(list.map((d) => [d.name, d]));
  return { list, problems, get: (name) => (name === undefined ? undefined : byName.get(name)) };
}
