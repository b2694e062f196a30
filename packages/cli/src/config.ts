/**
 * Settings for one provider, from its descriptor: flags, then environment variables (secrets
 * also from `<ENV>_FILE` or `--secret-stdin`), then the profile's settings in config.json, then
 * the provider's files (read by the provider's own loader), then defaults. A secret passed as
 * a flag works but warns (shell history, process list).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { ProviderSetting } from "@auth/core";
import type { CliConfig } from "./cli-config.js";
import type { LoadedProvider } from "./providers.js";
import { normalizeBaseUrl } from "./store.js";
import { CliError, type Ui } from "./ui.js";

export interface ResolvedConfig {
  provider: LoadedProvider;
  profile: string;
  values: Record<string, string | undefined>;
  /** Where each value came from, for messages: "--base-url", "EXAMPLE_BASE_URL", a file path. */
  sources: Record<string, string>;
  /** Files already read. */
  filesRead: boolean;
  /** The non-secret settings each file gave, for the index's file cache (see {@link cachedAccount}). */
  fileFacts: FileFacts[];
}

/** What a settings file gave, minus secrets, keyed by its path, size and mtime. */
export interface FileFacts {
  path: string;
  size: number;
  mtimeMs: number;
  values: Record<string, string>;
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

function readSecretFile(path: string, env: string): string {
  try {
    const text = readFileSync(path, "utf8");
    return text.endsWith("\r\n") ? text.slice(0, -2) : text.endsWith("\n") ? text.slice(0, -1) : text;
  } catch (error) {
    // The value is not quoted: it may be the secret itself, set where a path was expected.
    throw new CliError(`Cannot read the file named by ${env} (${(error as NodeJS.ErrnoException).code ?? "error"}).`, {
      hint: `${env} must name a readable file that holds the secret.`,
      code: "configuration",
    });
  }
}

/** Resolve flags, environment, profile and defaults (files come later, see {@link readFiles}). */
export async function resolveConfig(provider: LoadedProvider, flags: Flags, ui: Ui, cli: CliConfig, profile: string): Promise<ResolvedConfig> {
  const env = ui.io.env;
  const values: Record<string, string | undefined> = {};
  const sources: Record<string, string> = {};
  const fromProfile = cli.profiles[profile]?.[provider.name] ?? {};
  for (const s of provider.settings) {
    const flag = flags[s.flag];
    if (typeof flag === "string") {
      values[s.name] = flag;
      sources[s.name] = `--${s.flag}`;
      if (s.secret) ui.warn(`--${s.flag} puts a secret in your shell history and the process list; prefer ${s.env}, ${s.env}_FILE or --secret-stdin.`);
    } else if (s.primarySecret && flags["secret-stdin"] === true) {
      values[s.name] = await ui.readLine(s.description);
      sources[s.name] = "stdin";
    } else if (env[s.env]) {
      values[s.name] = env[s.env];
      sources[s.name] = s.env;
    } else if (s.secret && env[`${s.env}_FILE`]) {
      values[s.name] = readSecretFile(env[`${s.env}_FILE`]!, `${s.env}_FILE`);
      sources[s.name] = `${s.env}_FILE`;
    } else if (fromProfile[s.name] !== undefined) {
      if (s.secret) {
        throw new CliError(`${cli.path}: profile "${profile}" sets the secret ${s.name} for ${provider.name}; secrets are not read from config.json.`, {
          hint: `Remove it there and use ${s.env}_FILE (a file only you can read) or --secret-stdin.`,
          code: "configuration",
        });
      }
      values[s.name] = fromProfile[s.name];
      sources[s.name] = `profile ${profile} in ${cli.path}`;
    }
    if (s.secret && values[s.name]) ui.secrets.add(values[s.name]!);
  }
  if (values.baseUrl) values.baseUrl = normalizeBaseUrl(values.baseUrl);
  return { provider, profile, values, sources, filesRead: false, fileFacts: [] };
}

/** The path a file source reads: its setting, else its default path when that file exists. */
function filePath(config: ResolvedConfig, setting: string, defaultPath: string | undefined): string | undefined {
  const given = config.values[setting];
  if (given) return resolve(given);
  if (defaultPath && existsSync(defaultPath)) return resolve(defaultPath);
  return undefined;
}

/** Fill unset settings from the provider's files, parsed by the provider's own loader. */
export async function readFiles(config: ResolvedConfig, ui: Ui): Promise<void> {
  if (config.filesRead) return;
  config.filesRead = true;
  for (const file of config.provider.files ?? []) {
    const path = filePath(config, file.setting, file.defaultPath);
    if (!path) continue;
    let found: Awaited<ReturnType<typeof file.load>>;
    try {
      found = await file.load(path);
    } catch (error) {
      // The provider's loader does not quote the path (it might be text holding a secret); here
      // it is the value of a path setting, so name it and where it came from.
      const e = error as { message?: unknown };
      const from = config.sources[file.setting] ?? `./${file.defaultPath}`;
      if (typeof e?.message === "string") {
        try {
          Object.defineProperty(error, "message", { value: `${config.provider.title}: ${path} (from ${from}): ${e.message}`, configurable: true, writable: true });
        } catch {
          /* keep the loader's message */
        }
      }
      throw error;
    }
    const facts: FileFacts = { path, ...statOf(path), values: {} };
    for (const [name, value] of Object.entries(found)) {
      if (value !== undefined && value !== "" && !config.provider.settings.find((s) => s.name === name)?.secret) facts.values[name] = value;
      if (value === undefined || value === "" || config.values[name] !== undefined) continue;
      config.values[name] = value;
      config.sources[name] = path;
      if (config.provider.settings.find((s) => s.name === name)?.secret) ui.secrets.add(value);
    }
    config.fileFacts.push(facts);
  }
  for (const s of config.provider.settings) if (config.values[s.name] === undefined && s.default !== undefined) config.values[s.name] = s.default;
}

function statOf(path: string): { size: number; mtimeMs: number } {
  const st = statSync(path);
  return { size: st.size, mtimeMs: st.mtimeMs };
}

/**
 * The account from the non-secret values a file gave when it was last read by the provider's
 * loader (cached in the index), if the file still has that size and mtime; else undefined.
 * Lets the stored-token fast path skip importing the provider's loader.
 */
function cachedAccount(config: ResolvedConfig, cache: Record<string, FileFacts>): string | undefined {
  const values = { ...config.values };
  for (const file of config.provider.files ?? []) {
    const path = filePath(config, file.setting, file.defaultPath);
    if (!path) continue;
    const hit = cache[path];
    let now: { size: number; mtimeMs: number };
    try {
      now = statOf(path);
    } catch {
      return undefined;
    }
    if (!hit || hit.size !== now.size || hit.mtimeMs !== now.mtimeMs) return undefined;
    for (const [k, v] of Object.entries(hit.values)) if (values[k] === undefined) values[k] = v;
  }
  return config.provider.account(values);
}

/**
 * The account (store key part): from the settings; else from the file cache; else by reading
 * the files through the provider's loader.
 */
export async function accountOf(config: ResolvedConfig, ui: Ui, fileCache: Record<string, FileFacts> = {}): Promise<string | undefined> {
  const direct = config.provider.account(config.values);
  if (direct || config.filesRead) return direct;
  const cached = cachedAccount(config, fileCache);
  if (cached) return cached;
  await readFiles(config, ui);
  return config.provider.account(config.values);
}

/** How to give a setting, for messages: its variable (and _FILE), flag, stdin, files. */
export function howToSet(provider: LoadedProvider, s: ProviderSetting): string {
  const envs = s.secret ? `${s.env} (or ${s.env}_FILE)` : s.env;
  const how = [`set ${envs}`, s.primarySecret ? "pipe it with --secret-stdin" : `pass --${s.flag}`];
  for (const f of provider.files ?? []) {
    const holder = provider.settings.find((x) => x.name === f.setting);
    if (f.gives?.includes(s.name) && holder) how.push(`put it in the file named by ${holder.env} (--${holder.flag})${f.defaultPath ? ` or ./${f.defaultPath}` : ""}`);
  }
  return how.join(", or ");
}

/** Every required setting present, or a CliError naming the flag, the variable and the files. */
export function requireSettings(config: ResolvedConfig): void {
  const { provider } = config;
  for (const s of provider.settings) {
    if (!s.required || config.values[s.name]) continue;
    const what = s.description.split(" (")[0]!.split(", e.g.")[0];
    throw new CliError(`${provider.title}: missing ${what} (${s.secret ? `${s.env} or ${s.env}_FILE` : s.env}).`, {
      hint: `${howToSet(provider, s)}. See 'auth-token ${provider.name} --help'.`,
      code: "missing_setting",
    });
  }
}
