// `auth-emulator <provider>`: one emulator as a process, for local development, browser work
// and CI. stdout carries exactly one JSON line (so `read` or `JSON.parse` of the first line
// works); everything for people goes to stderr.
import { parseEmulatorArgs, USAGE, UsageError } from "./bin-args.js";
import { startEmulatorFor } from "./emulator-command.js";

async function main(argv: string[]): Promise<number> {
  let cmd: ReturnType<typeof parseEmulatorArgs>;
  try {
    cmd = parseEmulatorArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`auth-emulator: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (cmd === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  let running: Awaited<ReturnType<typeof startEmulatorFor>>;
  try {
    running = await startEmulatorFor(cmd);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === "EADDRINUSE" ? `port ${cmd.port} is in use; pick another with --port or leave it out for a free one` : String((error as Error).message);
    process.stderr.write(`auth-emulator: could not start the ${cmd.provider} emulator: ${why}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(running.description)}\n`);
  const until = running.description.stopsAt ? `until ${running.description.stopsAt} or ` : "until ";
  process.stderr.write(`auth-emulator: ${cmd.provider} emulator at ${running.description.url}, running ${until}Ctrl-C / SIGTERM\n`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      process.stderr.write(`auth-emulator: ${why}, stopping\n`);
      void running.close().then(() => resolve(0));
    };
    const timer = cmd.lifetimeMs === undefined ? undefined : setTimeout(() => stop("lifetime ended"), cmd.lifetimeMs);
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`auth-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
