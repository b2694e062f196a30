// Shared by the packages' adversarial-input tests (issue 10 item 1): every parser of outside
// text runs in time linear in its input. Each is fed 1 MB strings built to make a backtracking
// regex go quadratic (long runs of what such regexes loop over) and must return, or throw an
// error the caller accepts, within a generous bound. The call runs under vm's `timeout`, which
// interrupts synchronous code, regexes included, so a regression fails in seconds instead of
// hanging the run. This folder imports none of our packages: the caller says which errors are
// acceptable (core's AuthError, typically).
import vm from "node:vm";
import { describe, expect, test } from "vitest";

export const MB = 1024 * 1024;
/** Linear work on 1 MB takes milliseconds to a second; quadratic work takes minutes. Room for a loaded CI machine. */
export const BOUND_MS = 5_000;

/** About 1 MB: `prefix`, then `unit` repeated, then `suffix`. */
export const fill = (unit: string, prefix = "", suffix = ""): string =>
  prefix + unit.repeat(Math.ceil((MB - prefix.length - suffix.length) / unit.length)) + suffix;

/** Strings against parsers of credentials files and pasted settings: properties, JSON, escapes, URLs. */
export const ADVERSARIAL_SETTINGS_TEXT: Record<string, string> = {
  "<": fill("<"),
  '"\\': fill('"\\'),
  "\\": fill("\\"),
  "\\u": fill("\\u"),
  spaces: fill(" ", "x", "x"),
  "tabs and form feeds": fill("\t\f", "x", "x"),
  "=": fill("="),
  ":": fill(":"),
  "a=": fill("a="),
  "a=\\\\n": fill("a=\\\n"),
  "line continuations": fill("\\\n"),
  "CR LF": fill("\r\n"),
  "{": fill("{"),
  '{"a":': fill('{"a":'),
  ",": fill(","),
  "#!": fill("#!"),
  "apiKey.id": fill("apiKey.id"),
  "\uFEFF": fill("\uFEFF"),
  "/": fill("/", "https:"),
  "%": fill("%"),
};

/**
 * Run `fn` with a hard deadline of {@link BOUND_MS}: returns the error it threw, if any; throws
 * when it did not return in time. A promise it returns is not awaited (its rejection is caught).
 */
export function withinBound(fn: () => unknown): { error?: unknown } {
  try {
    vm.runInNewContext(
      "run()",
      {
        run: () => {
          const out = fn();
          if (out instanceof Promise) out.catch(() => {});
          return out;
        },
      },
      { timeout: BOUND_MS },
    );
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new Error(`did not return within ${BOUND_MS} ms`);
    return { error };
  }
  return {};
}

export interface LinearTimeSuite {
  /** Each parser of outside text, fed one string. */
  parsers: Record<string, (input: string) => unknown>;
  /** The adversarial strings, by name. */
  inputs: Record<string, string>;
  /** Whether an error thrown by `parser` is an acceptable answer (its own typed error). */
  accepts: (error: unknown, parser: string) => boolean;
  /** Per parser (all inputs). Default 180 000 ms. */
  testTimeout?: number;
}

/** One test per parser: every input returns (or throws an accepted error) within {@link BOUND_MS}. */
export function describeLinearTime({ parsers, inputs, accepts, testTimeout = 180_000 }: LinearTimeSuite): void {
  describe("outside-input parsers run in linear time on 1 MB adversarial strings", () => {
    for (const [parser, run] of Object.entries(parsers)) {
      test(
        parser,
        () => {
          const problems: string[] = [];
          for (const [name, input] of Object.entries(inputs)) {
            let error: unknown;
            try {
              ({ error } = withinBound(() => run(input)));
            } catch (timeout) {
              problems.push(`${name}: ${(timeout as Error).message}`);
              continue;
            }
            if (error !== undefined && !accepts(error, parser)) problems.push(`${name}: threw ${(error as Error).name}: ${String((error as Error).message).slice(0, 80)}`);
          }
          expect(problems).toEqual([]);
        },
        testTimeout,
      );
    }
  });
}
