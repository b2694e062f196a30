// Reading what the user types or pipes: lines from stdin without readline, and a hidden line
// from a terminal in raw mode (a pasted token or code is not echoed).
import type { Readable, Writable } from "node:stream";
import { CliError } from "./cli-errors.js";

/** Lines from a stream, one at a time, without readline (keeps the terminal untouched). */
export class LineReader {
  #buf = "";
  #ended = false;
  #waiters: ((line: string | undefined) => void)[] = [];
  readonly #stream: Readable;
  readonly #onData = (chunk: Buffer | string) => {
    this.#buf += chunk.toString();
    this.#flush();
  };
  readonly #onEnd = () => {
    this.#ended = true;
    this.#flush();
  };

  constructor(stream: Readable) {
    this.#stream = stream;
    stream.on("data", this.#onData);
    stream.on("end", this.#onEnd);
    stream.on("error", this.#onEnd);
    stream.pause();
  }

  #flush(): void {
    while (this.#waiters.length) {
      const nl = this.#buf.indexOf("\n");
      if (nl !== -1) {
        const line = this.#buf.slice(0, nl).replace(/\r$/, "");
        this.#buf = this.#buf.slice(nl + 1);
        this.#waiters.shift()!(line);
      } else if (this.#ended) {
        const rest = this.#buf;
        this.#buf = "";
        this.#waiters.shift()!(rest ? rest : undefined);
      } else break;
    }
    if (!this.#waiters.length) this.#stream.pause();
  }

  next(): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#flush();
      if (this.#waiters.length) this.#stream.resume();
    });
  }

  close(): void {
    this.#stream.off("data", this.#onData);
    this.#stream.off("end", this.#onEnd);
    this.#stream.pause();
    (this.#stream as { unref?: () => void }).unref?.();
  }
}

/** One line from a terminal in raw mode, not echoed; Ctrl-C cancels (exit 130), Backspace edits. */
export function readHidden(stdin: Readable & { setRawMode(raw: boolean): unknown }, stderr: Writable): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write("\n");
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      for (const c of chunk.toString()) {
        if (c === "\r" || c === "\n") return finish();
        if (c === "\u0003") return finish(new CliError("Cancelled.", { exitCode: 130, code: "cancelled" }));
        if (c === "\u0004" && !line) return finish(new CliError("No input on stdin.", { hint: "Paste the value, then press Enter." }));
        if (c === "\u007f" || c === "\b") line = line.slice(0, -1);
        else if (c >= " ") line += c;
      }
    };
    stdin.setRawMode(true);
    stdin.on("data", onData);
    stdin.resume();
  });
}
