import { parseArgs } from "node:util";
import { parseCorsOrigin } from "./cors.js";

/** The providers `auth-emulator` can start. */
export const EMULATOR_PROVIDERS = ["metapack", "configapi", "bynder", "imagen", "oauth2"] as const;
export type EmulatorProvider = (typeof EMULATOR_PROVIDERS)[number];

/** What `auth-emulator` was asked to do. */
export interface EmulatorCommand {
  provider: EmulatorProvider;
  /** 0: a free port. */
  port: number;
  /** Stop after this long (ms); undefined: run until SIGINT/SIGTERM. */
  lifetimeMs: number | undefined;
  /** Lifetime of issued access tokens, seconds; undefined: the emulator's default. */
  tokenLifetimeSeconds: number | undefined;
  /** `*` or one origin; false: no CORS headers. */
  cors: string | false;
}

export const USAGE = `Usage: auth-emulator <provider> [options]

Starts one local emulator of an auth provider on 127.0.0.1, prints one JSON line (url,
endpoints, test credentials) on stdout, and runs until SIGINT/SIGTERM or its lifetime ends.

Providers: ${EMULATOR_PROVIDERS.join(", ")}

Options:
  --port N               listen on this port (default: a free one)
  --lifetime DURATION    stop by itself after e.g. 90s, 30m, 1h, 2d (default: run until stopped)
  --token-lifetime SECS  lifetime of issued access tokens, seconds (default: the provider's)
  --cors[=ORIGIN]        CORS headers for browser pages, for any origin or only ORIGIN (default: on, any origin)
  --no-cors              no CORS headers, as a server-to-server API answers
  -h, --help             this text
`;

/** A usage error: the command prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** The longest timer Node keeps (2^31-1 ms, about 24.8 days). */
const MAX_LIFETIME_MS = 2_147_483_647;

/** `90s`, `30m`, `1h`, `2d`, `500ms`, or a bare number of seconds, to ms. Scanned, not matched by a regex. */
export function parseDuration(text: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  const digits = text.slice(0, i);
  const unit = text.slice(i) || "s";
  const factor = UNITS[unit];
  if (digits === "" || digits.length > 12 || factor === undefined || !Object.hasOwn(UNITS, unit)) {
    throw new UsageError(`--lifetime: expected a whole number with a unit (ms, s, m, h, d), e.g. 1h; got ${JSON.stringify(text)}`);
  }
  const ms = Number(digits) * factor;
  if (ms <= 0 || ms > MAX_LIFETIME_MS) throw new UsageError(`--lifetime: must be more than 0 and at most 24 days; got ${JSON.stringify(text)}`);
  return ms;
}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  let ok = text.length > 0 && text.length <= 10;
  for (let i = 0; ok && i < text.length; i++) ok = text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39;
  const n = Number(text);
  if (!ok || n < min || n > max) throw new UsageError(`--${name}: expected a whole number from ${min} to ${max}; got ${JSON.stringify(text)}`);
  return n;
}

/** Parse `auth-emulator` arguments; "help" when asked for the usage. Throws {@link UsageError}. */
export function parseEmulatorArgs(argv: readonly string[]): EmulatorCommand | "help" {
  // `--cors` alone means any origin; parseArgs has no optional values, so spell it out.
  const args = argv.map((a) => (a === "--cors" ? "--cors=*" : a));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "name a provider" : `one provider at a time; got ${positionals.join(" ")}`);
  const provider = positionals[0] as EmulatorProvider;
  if (!EMULATOR_PROVIDERS.includes(provider)) throw new UsageError(`unknown provider ${JSON.stringify(positionals[0])}; one of ${EMULATOR_PROVIDERS.join(", ")}`);
  if (values.cors !== undefined && values["no-cors"]) throw new UsageError("--cors and --no-cors contradict each other");
  let cors: string | false = "*";
  if (values["no-cors"]) cors = false;
  else if (values.cors !== undefined) {
    try {
      cors = parseCorsOrigin(values.cors);
    } catch (error) {
      throw new UsageError(`--cors: ${(error as Error).message}`);
    }
  }
  return {
    provider,
    port: values.port === undefined ? 0 : wholeNumber("port", values.port, 0, 65_535),
    lifetimeMs: values.lifetime === undefined ? undefined : parseDuration(values.lifetime),
    tokenLifetimeSeconds: values["token-lifetime"] === undefined ? undefined : wholeNumber("token-lifetime", values["token-lifetime"], 1, 10 * 365 * 86_400),
    cors,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: "string" },
      lifetime: { type: "string" },
      "token-lifetime": { type: "string" },
      cors: { type: "string" },
      "no-cors": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
