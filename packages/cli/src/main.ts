/**
 * The `auth-token` entry: parse the command line, answer --help / --version and the
 * stored-token fast path with node builtins only, and load the rest (one provider, its
 * dependencies) only for the command that needs it.
 */
import { parseArgs } from "node:util";
import { accountOf, type Flags, resolveConfig } from "./config.js";
import { commandHelp, demoHelp, providerHelp, statusHelp, topHelp, VERSION } from "./help.js";
import { joinNegativeValues } from "./negative-values.js";
import { COMMANDS, type ProviderCommand } from "./provider-commands.js";
import { isProvider, type ProviderName, SPECS } from "./spec.js";
import { isFresh, readStoredToken, storeKey, storePath } from "./store.js";
import { formatToken } from "./token-output.js";
import { type Io, Ui, UsageError } from "./ui.js";


const GLOBAL_FLAGS = ["store", "json", "debug", "no-color", "help", "version"];
const COMMAND_FLAGS: Record<string, string[]> = {
  token: ["force", "secret-stdin"],
  request: ["data", "data-raw", "header", "secret-stdin"],
  login: ["no-browser", "port", "timeout", "secret-stdin"],
  logout: ["secret-stdin"],
  status: [],
  demo: [],
};

function options() {
  const o: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {
    store: { type: "string" },
    json: { type: "boolean" },
    debug: { type: "boolean" },
    "no-color": { type: "boolean" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "V" },
    "secret-stdin": { type: "boolean" },
    force: { type: "boolean" },
    data: { type: "string", short: "d", multiple: true },
    "data-raw": { type: "string" },
    header: { type: "string", short: "H", multiple: true },
    "no-browser": { type: "boolean" },
    port: { type: "string" },
    timeout: { type: "string" },
  };
  for (const spec of Object.values(SPECS)) for (const s of spec.settings) o[s.flag] = { type: "string" };
  return o;
}

export interface Parsed {
  positionals: string[];
  flags: Flags;
}

export function parse(argv: string[]): Parsed {
  try {
    const specs = options();
    const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, specs), options: specs, allowPositionals: true, strict: true });
    return { positionals, flags: values as Flags };
  } catch (error) {
    const e = error as { code?: string; message: string };
    const m = /Unknown option '([^']+)'/.exec(e.message);
    if (m) throw new UsageError(`Unknown option ${m[1]}.`);
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

/** Run the command line; resolves the exit status. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let ui = new Ui(io, { debug: argv.includes("--debug"), noColor: argv.includes("--no-color") });
  try {
    const { positionals, flags } = parse(argv);
    ui = new Ui(io, { debug: flags.debug === true, noColor: flags["no-color"] === true });
    const [first, second, ...rest] = positionals;
    if (flags.version && !first) {
      ui.out(VERSION);
      return 0;
    }
    if (first === "help") {
      const [p, c] = [second, rest[0]];
      ui.out(isProvider(p) ? (c ? commandHelp(p, c) : providerHelp(p)) : p === "status" ? statusHelp() : p === "demo" ? demoHelp() : topHelp());
      return 0;
    }
    if (!first) {
      if (flags.help) {
        ui.out(topHelp());
        return 0;
      }
      io.stderr.write(`${topHelp()}\n`);
      return 2;
    }
    if (first === "status") {
      if (flags.help) return help(ui, statusHelp());
      checkFlags(flags, COMMAND_FLAGS.status!, "status");
      if (second) throw new UsageError(`'status' takes no arguments (got '${second}').`, "Run 'auth-token status --help'.");
      const { status } = await import("./status.js");
      return await status(storePath(flags.store as string | undefined, io.env), flags.json === true, ui);
    }
    if (first === "demo") {
      if (flags.help) return help(ui, demoHelp());
      checkFlags(flags, COMMAND_FLAGS.demo!, "demo");
      const { demo } = await import("./demo.js");
      return await demo([second, ...rest].filter((x): x is string => !!x), ui);
    }
    if (!isProvider(first)) {
      throw new UsageError(`Unknown command or provider '${first}'.`, "Providers: metapack, configapi, bynder, imagen; commands: status, demo. Run 'auth-token --help'.");
    }
    const provider: ProviderName = first;
    if (!second) {
      if (flags.help) return help(ui, providerHelp(provider));
      io.stderr.write(`${providerHelp(provider)}\n`);
      return 2;
    }
    if (!(COMMANDS as readonly string[]).includes(second)) {
      throw new UsageError(`Unknown command '${second}' for ${provider}.`, `Commands: ${COMMANDS.join(", ")}. Run 'auth-token ${provider} --help'.`);
    }
    const command = second as ProviderCommand;
    if (flags.help) return help(ui, commandHelp(provider, command));
    const providerFlags = SPECS[provider].settings.map((s) => s.flag);
    checkFlags(flags, [...providerFlags, ...COMMAND_FLAGS[command]!], `${provider} ${command}`);
    if (command !== "request" && rest.length) throw new UsageError(`'${provider} ${command}' takes no arguments (got '${rest[0]}').`, `Run 'auth-token ${provider} ${command} --help'.`);

    const config = await resolveConfig(provider, flags, ui);
    const path = storePath(flags.store as string | undefined, io.env);

    // Fast path: a fresh stored token (or bynder's configured permanent token) needs no provider code.
    if (command === "token" && !flags.force) {
      const v = config.values;
      if (provider === "bynder" && v.tokenKey && v.tokenSecret) {
        ui.out(formatToken(provider, { accessToken: v.tokenKey, tokenSecret: v.tokenSecret, tokenType: "OAuth", scopes: [] }, "config", flags.json === true));
        return 0;
      }
      const account = accountOf(config);
      if (v.baseUrl && account) {
        const stored = readStoredToken(path, storeKey(provider, v.baseUrl, account));
        if (stored && isFresh(stored)) {
          ui.out(formatToken(provider, stored, "store", flags.json === true));
          return 0;
        }
      }
    }
    const { runProviderCommand } = await import("./commands.js");
    return await runProviderCommand({ provider, command, args: rest, flags, config, storePath: path, ui });
  } catch (error) {
    return ui.error(error);
  } finally {
    ui.close();
  }
}
