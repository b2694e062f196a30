/**
 * Everything the CLI prints goes through here: colour only on a terminal and never with
 * NO_COLOR (https://no-color.org), errors as one line plus a hint line, a spinner with the time
 * left on a terminal, and prompts that read lines from stdin (piped or typed).
 */
import type { Readable, Writable } from "node:stream";
import { CliError, UsageError } from "./cli-errors.js";
import { LineReader, readHidden } from "./line-input.js";

export { CliError, UsageError };

export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

const codes = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const;
export type Colour = keyof typeof codes;

export class Ui {
  readonly io: Io;
  readonly color: boolean;
  readonly debug: boolean;
  /** Values that must never be printed (secrets read from config), masked in every message. */
  readonly secrets = new Set<string>();
  #lines: LineReader | undefined;

  /** `--json`: errors as `{"error":{"code","message","hint"}}` on stderr. */
  readonly json: boolean;
  #noticed = false;

  constructor(io: Io, options: { noColor?: boolean; debug?: boolean; json?: boolean } = {}) {
    this.io = io;
    this.json = options.json ?? false;
    const noColor = options.noColor || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") || io.env.TERM === "dumb";
    this.color = !noColor && io.stderr.isTTY === true;
    this.debug = options.debug ?? false;
  }

  paint(colour: Colour, text: string): string {
    if (!this.color) return text;
    const [a, b] = codes[colour];
    return `\x1b[${a}m${text}\x1b[${b}m`;
  }

  mask(text: string): string {
    let out = text;
    for (const s of this.secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
    return out;
  }

  out(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Progress and informational lines: stderr, so stdout stays machine-readable. */
  info(text: string): void {
    this.io.stderr.write(`${this.mask(text)}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`${this.paint("yellow", "warning:")} ${this.mask(text)}\n`);
  }

  /** A one-time notice per run (e.g. the keyring fallback): stderr, never on stdout. */
  notice(text: string): void {
    if (this.#noticed) return;
    this.#noticed = true;
    this.io.stderr.write(`${this.paint("yellow", "notice:")} ${this.mask(text)}\n`);
  }

  /** One line, a hint line, and the stack only with --debug; with --json one JSON object. */
  error(error: unknown): number {
    const e = error as { message?: unknown; hint?: unknown; exitCode?: unknown; stack?: unknown; cause?: unknown; code?: unknown };
    const message = typeof e?.message === "string" && e.message ? e.message : String(error);
    let hint = typeof e?.hint === "string" ? e.hint : undefined;
    if (!hint && !(error instanceof CliError)) hint = "Run again with --debug for details.";
    const exitCode = typeof e?.exitCode === "number" ? e.exitCode : 1;
    if (this.json) {
      // Masked before JSON-escaping, so an escaped form of a secret cannot slip through.
      const code = typeof e?.code === "string" && e.code ? e.code : "error";
      const body = { code, message: this.mask(message.split("\n")[0] ?? message), hint: hint === undefined ? null : this.mask(hint) };
      this.io.stderr.write(`${JSON.stringify({ error: body })}\n`);
      return exitCode;
    }
    this.io.stderr.write(`${this.paint("red", "error:")} ${this.mask(message.split("\n")[0] ?? message)}\n`);
    if (hint) this.io.stderr.write(`${this.paint("dim", "hint:")} ${this.mask(hint)}\n`);
    if (this.debug) {
      if (typeof e?.stack === "string") this.io.stderr.write(`${this.mask(e.stack)}\n`);
      if (e?.cause) this.io.stderr.write(`cause: ${this.mask(String((e.cause as { stack?: string }).stack ?? e.cause))}\n`);
    }
    return exitCode;
  }

  /**
   * A spinner with the time left, on a terminal only; elsewhere one line. Returns stop().
   */
  spinner(text: string, deadline: number): (final?: string) => void {
    const stderr = this.io.stderr;
    if (!stderr.isTTY) {
      this.info(`${text} (up to ${fmtDuration(deadline - Date.now())})`);
      return (final) => {
        if (final) this.info(final);
      };
    }
    const frames = this.color || this.io.env.LANG?.toUpperCase().includes("UTF") ? ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] : ["-", "\\", "|", "/"];
    let i = 0;
    const draw = () => {
      const left = fmtDuration(Math.max(0, deadline - Date.now()));
      stderr.write(`\r\x1b[2K${this.paint("cyan", frames[i++ % frames.length]!)} ${text} ${this.paint("dim", `(${left} left, Ctrl-C to cancel)`)}`);
    };
    draw();
    const timer = setInterval(draw, 100);
    timer.unref();
    return (final) => {
      clearInterval(timer);
      stderr.write("\r\x1b[2K");
      if (final) this.info(final);
    };
  }

  /**
   * Ask on stderr, read one line from stdin (typed or piped). On a terminal the line is read
   * in raw mode without echo: a pasted token or code does not stay on the screen.
   */
  async prompt(question: string): Promise<string> {
    this.io.stderr.write(question);
    const stdin = this.io.stdin as Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
    if (stdin.isTTY && typeof stdin.setRawMode === "function" && !this.#lines) return readHidden(stdin as Readable & { setRawMode(raw: boolean): unknown }, this.io.stderr);
    this.#lines ??= new LineReader(this.io.stdin);
    const line = await this.#lines.next();
    if (line === undefined) throw new CliError("No input on stdin.", { hint: "Type or pipe the value, followed by a newline." });
    if (!this.io.stdin.isTTY) this.io.stderr.write("\n");
    return line;
  }

  /** Read one line from stdin without a prompt (for --secret-stdin). */
  async readLine(what: string): Promise<string> {
    this.#lines ??= new LineReader(this.io.stdin);
    const line = await this.#lines.next();
    if (line === undefined || !line.trim()) throw new CliError(`--secret-stdin: no ${what} on stdin.`, { hint: "Pipe the secret, e.g. `pass show x | auth-token ... --secret-stdin`." });
    return line.trim();
  }

  close(): void {
    this.#lines?.close();
  }
}

export function fmtDuration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s >= 3600 * 48) return `${Math.round(s / 86400)} d`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
