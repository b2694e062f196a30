/**
 * The CLI's own configuration file, `$XDG_CONFIG_HOME/auth-token/config.json` (else
 * `~/.config/auth-token/config.json`):
 *
 * ```json
 * { "providers": ["@acme/auth-foo"],
 *   "defaultProfile": "work",
 *   "profiles": { "work": { "foo": { "baseUrl": "https://api.example.com", "clientId": "me" } } } }
 * ```
 *
 * `providers` adds in-house provider packages; `profiles` gives settings per profile and
 * provider (never secrets: those come from the environment, a `_FILE` or stdin).
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CliError } from "./ui.js";

export interface CliConfig {
  /** Where it was read from (or would be). */
  readonly path: string;
  readonly providers: readonly string[];
  readonly defaultProfile?: string;
  /** profile -> provider -> setting name -> value. */
  readonly profiles: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>;
}

/** `$XDG_CONFIG_HOME/auth-token`, else `~/.config/auth-token`. */
export function configDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME?.startsWith("/") ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), ".config");
  return join(xdg, "auth-token");
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Read config.json; a missing file is an empty configuration, a broken one an error naming it. */
export function readCliConfig(env: Record<string, string | undefined>): CliConfig {
  const path = join(configDir(env), "config.json");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { path, providers: [], profiles: {} };
    throw new CliError(`Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`, { hint: "Fix its permissions or remove it." });
  }
  const bad = (what: string) => new CliError(`${path}: ${what}.`, { hint: 'Expected {"providers": ["@scope/package"], "defaultProfile": "name", "profiles": {"name": {"provider": {"setting": "value"}}}}.' });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw bad("is not valid JSON");
  }
  if (!isRecord(data)) throw bad("is not a JSON object");
  const providers = data.providers ?? [];
  if (!Array.isArray(providers) || !providers.every((p) => typeof p === "string")) throw bad('"providers" is not a list of package names');
  if (data.defaultProfile !== undefined && typeof data.defaultProfile !== "string") throw bad('"defaultProfile" is not a string');
  const profiles: Record<string, Record<string, Record<string, string>>> = {};
  if (data.profiles !== undefined) {
    if (!isRecord(data.profiles)) throw bad('"profiles" is not an object');
    for (const [profile, byProvider] of Object.entries(data.profiles)) {
      if (!isRecord(byProvider)) throw bad(`profile "${profile}" is not an object of providers`);
      profiles[profile] = {};
      for (const [provider, settings] of Object.entries(byProvider)) {
        if (!isRecord(settings) || !Object.values(settings).every((v) => typeof v === "string")) throw bad(`profiles.${profile}.${provider} is not an object of string settings`);
        profiles[profile]![provider] = settings as Record<string, string>;
      }
    }
  }
  return { path, providers, profiles, ...(data.defaultProfile ? { defaultProfile: data.defaultProfile as string } : {}) };
}
