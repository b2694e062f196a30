/**
 * The `auth-token` entry: parse the command line against the providers' descriptors, answer
 * --help / --version / completion and the stored-token fast path with node builtins and the
 * descriptors only, and load the rest (the provider's factory, core, ky) only for the command
 * that needs it.
 */
import { parseArgs } from "node:util";
import { type CliConfig, readCliConfig } from "./cli-config.js";
import { accountOf, type Flags, resolveConfig } from "./config.js";
import { commandHelp, completionHelp, demoHelp, providerHelp, statusHelp, topHelp, VERSION } from "./help.js";
import { joinNegativeValues } from "./negative-values.js";
import { COMMANDS, type ProviderCommand } from "./provider-commands.js";
import { loadProviders, type Registry } from "./providers.js";
import { checkProfile, freshStoredToken, readFileCache, storeKey, storeLocation } from "./store.js";
import { formatToken } from "./token-output.js";
import { type Io, Ui, UsageError } from "./ui.js";

const GLOBAL_FLAGS = ["store", "json", "debug", "no-color", "help", "version", "profile", "insecure-storage"];
const COMMAND_FLAGS: Record<string, string[]> = {
  token: ["force", "secret-stdin"],
  request: ["data", "data-raw", "header", "secret-stdin"],
  login: ["no-browser", "port", "timeout", "secret-stdin"],
  logout: ["secret-stdin", "revoke"],
  status: [],
  demo: ["serve"],
  completion: [],
};

type OptionSpec = { type: "string" | "boolean"; short?: string; multiple?: boolean };

/** The CLI's own options (also listed by completion). */
export const CLI_OPTIONS: Record<string, OptionSpec> = {
  store: { type: "string" },
  json: { type: "boolean" },
  debug: { type: "boolean" },
  "no-color": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  profile: { type: "string" },
  "insecure-storage": { type: "boolean" },
  "secret-stdin": { type: "boolean" },
  force: { type: "boolean" },
  data: { type: "string", short: "d", multiple: true },
  "data-raw": { type: "string" },
  header: { type: "string", short: "H", multiple: true },
  "no-browser": { type: "boolean" },
  port: { type: "string" },
  timeout: { type: "string" },
  revoke: { type: "boolean" },
  serve: { type: "boolean" },
};

function options(registry: Registry | undefined): Record<string, OptionSpec> {
  const o: Record<string, OptionSpec> = { ...CLI_OPTIONS };
  for (const p of registry?.list ?? []) for (const s of p.settings) if (!(s.flag in CLI_OPTIONS)) o[s.flag] = { type: "string" };
  return o;
}

export interface Parsed {
  positionals: string[];
  flags: Flags;
}

export function parse(argv: string[], registry?: Registry): Parsed {
  try {
    const specs = options(registry);
    const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, specs), options: specs, allowPositionals: true, strict: true });
    return { positionals, flags: values as Flags };
  } catch (error) {
    const e = error as { code?: string; message: string };
    const start = e.message.indexOf("Unknown option '");
    if (start !== -1) {
      const end = e.message.indexOf("'", start + 16);
      if (end !== -1) throw new UsageError(`Unknown option ${e.message.slice(start + 16, end)}.`);
    }
    throw new UsageError(e.message.split("\n")[0] ?? e.message);
  }
}

/** Flags given that this context does not take: a usage error, not silently ignored. */
function checkFlags(flags: Flags, allowed: string[], where: string): void {
  for (const name of Object.keys(flags)) {
    if (flags[name] === undefined || GLOBAL_FLAGS.includes(name) || allowed.includes(name)) continue;
    throw new UsageError(`Option --${name} does not apply to '${where}'.`, `Run 'auth-token ${where} --help' for its options.`);
  }
}

function defaultIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

function help(ui: Ui, text: string): number {
  ui.out(text);
  return 0;
}

/** `--profile`, else AUTH_TOKEN_PROFILE, else config.json's defaultProfile, else "default". */
function profileOf(flags: Flags, env: Record<string, string | undefined>, cli: CliConfig): string {
  const chosen = typeof flags.profile === "string" ? flags.profile : env.AUTH_TOKEN_PROFILE || cli.defaultProfile || "default";
  return checkProfile(chosen);
}

/** Run the command line; resolves the exit status. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let ui = new Ui(io, { debug: argv.includes("--debug"), noColor: argv.includes("--no-color"), json: argv.includes("--json") });
  try {
    const cli = readCliConfig(io.env);
    const registry = await loadProviders(io.env, cli);
    const { positionals, flags } = parse(argv, registry);
    ui = new Ui(io, { debug: flags.debug === true, noColor: flags["no-color"] === true, json: flags.json === true });
    for (const problem of registry.problems) ui.warn(problem);
    const [first, second, ...rest] = positionals;
    if (flags.version && !first) return help(ui, VERSION);
    if (first === "help") {
      const p = registry.get(second);
      const c = rest[0];
      const text = p ? (c ? commandHelp(p, c) : providerHelp(p)) : second === "status" ? statusHelp() : second === "demo" ? demoHelp() : second === "completion" ? completionHelp() : topHelp(registry);
      return help(ui, text);
    }
    if (!first) {
      if (flags.help) return help(ui, topHelp(registry));
      io.stderr.write(`${topHelp(registry)}\n`);
      return 2;
    }
    if (first === "status") {
      if (flags.help) return help(ui, statusHelp());
      checkFlags(flags, COMMAND_FLAGS.status!, "status");
      if (second) throw new UsageError(`'status' takes no arguments (got '${second}').`, "Run 'auth-token status --help'.");
      const { status } = await import("./status.js");
      const only = typeof flags.profile === "string" ? checkProfile(flags.profile) : undefined;
      return status(storeLocation(flags, io.env), flags.json === true, ui, only);
    }
    if (first === "demo") {
      if (flags.help) return help(ui, demoHelp());
      checkFlags(flags, COMMAND_FLAGS.demo!, "demo");
      const { demo, serve } = await import("./demo.js");
      const names = [second, ...rest].filter((x): x is string => !!x);
      return flags.serve ? await serve(names, ui, registry) : await demo(names, ui, registry);
    }
    if (first === "completion") {
      if (flags.help) return help(ui, completionHelp());
      checkFlags(flags, COMMAND_FLAGS.completion!, "completion");
      const { completionScript } = await import("./completion.js");
      return help(ui, completionScript(second, registry));
    }
    const provider = registry.get(first);
    if (!provider) {
      const names = registry.list.map((p) => p.name).join(", ");
      throw new UsageError(`Unknown command or provider '${first}'.`, `Providers: ${names}; commands: status, demo, completion. Run 'auth-token --help'.`);
    }
    if (!second) {
      if (flags.help) return help(ui, providerHelp(provider));
      io.stderr.write(`${providerHelp(provider)}\n`);
      return 2;
    }
    if (!(COMMANDS as readonly string[]).includes(second)) {
      throw new UsageError(`Unknown command '${second}' for ${provider.name}.`, `Commands: ${COMMANDS.join(", ")}. Run 'auth-token ${provider.name} --help'.`);
    }
    const command = second as ProviderCommand;
    if (flags.help) return help(ui, commandHelp(provider, command));
    checkFlags(flags, [...provider.settings.map((s) => s.flag), ...COMMAND_FLAGS[command]!], `${provider.name} ${command}`);
    if (command !== "request" && rest.length) throw new UsageError(`'${provider.name} ${command}' takes no arguments (got '${rest[0]}').`, `Run 'auth-token ${provider.name} ${command} --help'.`);

    const profile = profileOf(flags, io.env, cli);
    const config = await resolveConfig(provider, flags, ui, cli, profile);
    const location = storeLocation(flags, io.env);

    // Fast path: a token given in the settings, or a fresh stored one, needs no provider code.
    if (command === "token" && !flags.force) {
      const configured = provider.configuredToken?.(config.values);
      if (configured) {
        ui.out(formatToken(provider.name, configured, "config", flags.json === true));
        return 0;
      }
      const account = await accountOf(config, ui, readFileCache(location.indexPath));
      if (config.values.baseUrl && account) {
        const stored = await freshStoredToken(location, storeKey(provider.name, config.values.baseUrl, account, profile));
        if (stored) {
          ui.out(formatToken(provider.name, stored, "store", flags.json === true));
          // The files were read to name the account: remember what they gave for next time.
          if (config.fileFacts.length) {
            try {
              await (await import("./index-file.js")).rememberFiles(location.indexPath, config.fileFacts);
            } catch {
              /* a cache only: the next run reads the file again */
            }
          }
          return 0;
        }
      }
    }
    const { runProviderCommand } = await import("./commands.js");
    return await runProviderCommand({ provider, command, args: rest, flags, config, location, ui });
  } catch (error) {
    return ui.error(error);
  } finally {
    ui.close();
  }
}
