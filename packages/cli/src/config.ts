/**
 * Settings for one provider: flags, then environment variables, then files. Secrets also come
 * from `<ENV>_FILE` (a file holding the value) or stdin (`--secret-stdin`); a secret passed as
 * a flag works but warns (shell history, process list).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ProviderName, Setting } from "./spec.js";
import { SPECS } from "./spec.js";
import { CliError, type Ui } from "./ui.js";

export interface ResolvedConfig {
  provider: ProviderName;
  values: Record<string, string | undefined>;
  /** Where each value came from, for messages: "--base-url", "METAPACK_BASE_URL", "apiKey.properties". */
  sources: Record<string, string>;
  /** The file a provider's settings were read from, when one was. */
  file?: string;
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

function readSecretFile(path: string, env: string): string {
  try {
    return readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    // The value is not quoted: it may be the secret itself, set where a path was expected.
    throw new CliError(`Cannot read the file named by ${env} (${(error as NodeJS.ErrnoException).code ?? "error"}).`, {
      hint: `${env} must name a readable file that holds the secret.`,
    });
  }
}

/**
 * Resolve flags and environment. Files are read by {@link fillFromFiles} (cheap ones) and by
 * the provider adapters (authoritative parsers) later.
 */
export async function resolveConfig(provider: ProviderName, flags: Flags, ui: Ui): Promise<ResolvedConfig> {
  const env = ui.io.env;
  const values: Record<string, string | undefined> = {};
  const sources: Record<string, string> = {};
  for (const s of SPECS[provider].settings) {
    const flag = flags[s.flag];
    if (typeof flag === "string") {
      values[s.name] = flag;
      sources[s.name] = `--${s.flag}`;
      if (s.secret) {
        ui.warn(`--${s.flag} puts a secret in your shell history and the process list; prefer ${s.env}, ${s.env}_FILE or --secret-stdin.`);
      }
    } else if (s.primarySecret && flags["secret-stdin"] === true) {
      values[s.name] = await ui.readLine(s.description);
      sources[s.name] = "stdin";
    } else if (env[s.env]) {
      values[s.name] = env[s.env];
      sources[s.name] = s.env;
    } else if (s.secret && env[`${s.env}_FILE`]) {
      values[s.name] = readSecretFile(env[`${s.env}_FILE`]!, `${s.env}_FILE`);
      sources[s.name] = `${s.env}_FILE`;
    }
    if (s.secret && values[s.name]) ui.secrets.add(values[s.name]!);
  }
  const config: ResolvedConfig = { provider, values, sources };
  fillFromFiles(config, ui);
  return config;
}

/** The last source: apiKey.properties (metapack), the application JSON (imagen). */
function fillFromFiles(config: ResolvedConfig, ui: Ui): void {
  const v = config.values;
  if (config.provider === "metapack") {
    const explicit = v.properties;
    const path = explicit ? resolve(explicit) : existsSync("apiKey.properties") ? resolve("apiKey.properties") : undefined;
    if (!path || (v.apiKeyId && v.apiKeySecret)) return;
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      // Not quoted: the argument may be the file's text (with the secret) given as a path.
      throw new CliError(`Cannot read the API key file at the path given (${(error as NodeJS.ErrnoException).code ?? "error"}).`, {
        hint: `Check ${config.sources.properties ?? "the path"}: it must name the apiKey.properties file from Metapack.`,
      });
    }
    config.file = path;
    const props = parseProperties(text);
    for (const [name, key] of [
      ["apiKeyId", "apiKey.id"],
      ["apiKeySecret", "apiKey.secret"],
    ] as const) {
      if (!v[name] && props[key]) {
        v[name] = props[key];
        config.sources[name] = `${key} in ${path}`;
      }
    }
    if (v.apiKeySecret) ui.secrets.add(v.apiKeySecret);
  }
  if (config.provider === "imagen" && v.application) {
    const path = resolve(v.application);
    config.file = path;
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    } catch {
      return; // the provider's loadImagenApplication reports it properly
    }
    const pick = (...names: string[]) => {
      for (const n of names) {
        const hit = Object.keys(data).find((k) => k.toLowerCase().replace(/[\s_-]/g, "") === n);
        if (hit && typeof data[hit] === "string" && data[hit]) return data[hit] as string;
      }
      return undefined;
    };
    if (!v.apiKey) v.apiKey = pick("apikey", "clientid", "key");
    const secret = pick("apisecret", "clientsecret", "secret");
    if (!v.apiSecret && secret) {
      v.apiSecret = secret;
      ui.secrets.add(secret);
    }
  }
}

/** The public identifier of the credentials, used in the store key (never a secret). */
export function accountOf(config: ResolvedConfig): string | undefined {
  const v = config.values;
  switch (config.provider) {
    case "metapack":
      return v.apiKeyId;
    case "configapi":
      return v.clientId && `${v.clientId}@${v.scope ?? hostOf(v.baseUrl)}`;
    case "bynder":
      return v.consumerKey;
    case "imagen":
      return v.apiKey;
  }
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : "";
  } catch {
    return "";
  }
}

/** A required setting, or a CliError naming the flag, the environment variable and the file. */
export function require(config: ResolvedConfig, name: string, extra?: string): string {
  const value = config.values[name];
  if (value) return value;
  const s = SPECS[config.provider].settings.find((x) => x.name === name) as Setting;
  const envs = s.secret ? `${s.env} (or ${s.env}_FILE)` : s.env;
  const how = [`set ${envs}`, s.primarySecret ? "pipe it with --secret-stdin" : `pass --${s.flag}`];
  if (extra) how.push(extra);
  throw new CliError(`${SPECS[config.provider].title}: missing ${s.description.split(/ \(|, e\.g\./)[0]} (${envs}).`, {
    hint: `${how.join(", or ")}. See 'auth-token ${config.provider} --help'.`,
  });
}

/**
 * Java `.properties` (java.util.Properties.load): `#`/`!` comments, `=` `:` or whitespace
 * separators, `\` line continuations, escapes including `\uXXXX`. Used to find the API key id
 * without loading the provider; the provider's own loader stays the authority.
 */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const physical = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    let line = physical[i]!.replace(/^[ \t\f]+/, "");
    if (!line || line[0] === "#" || line[0] === "!") continue;
    while (endsWithOddBackslashes(line) && i + 1 < physical.length) {
      line = line.slice(0, -1) + physical[++i]!.replace(/^[ \t\f]+/, "");
    }
    if (endsWithOddBackslashes(line)) line = line.slice(0, -1);
    let k = 0;
    let key = "";
    while (k < line.length) {
      const c = line[k]!;
      if (c === "\\") {
        key += line.slice(k, k + 2);
        k += 2;
        continue;
      }
      if (c === "=" || c === ":" || c === " " || c === "\t" || c === "\f") break;
      key += c;
      k++;
    }
    while (k < line.length && /[ \t\f]/.test(line[k]!)) k++;
    if (line[k] === "=" || line[k] === ":") k++;
    while (k < line.length && /[ \t\f]/.test(line[k]!)) k++;
    out[unescapeProperty(key)] = unescapeProperty(line.slice(k));
  }
  return out;
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

function unescapeProperty(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return e === "t" ? "\t" : e === "n" ? "\n" : e === "r" ? "\r" : e === "f" ? "\f" : e;
  });
}
