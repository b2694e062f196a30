// Issue 10 item 1: every parser of outside text runs in time linear in its input. Each is fed
// 1 MB strings built to make a backtracking regex go quadratic (long runs of what such regexes
// loop over) and must return or throw its typed error within a generous bound. The call runs
// under vm's `timeout`, which interrupts synchronous code, regexes included, so a regression
// fails here in seconds instead of hanging. (Core's test/adversarial-input.test.ts covers core.)
import vm from "node:vm";
import { AuthError } from "@auth/core";
import { describe, expect, test } from "vitest";
import { classifyRedirectUri, parseImagenApplication } from "../src/index.js";

const MB = 1024 * 1024;
const BOUND_MS = 5_000; // linear work on 1 MB: milliseconds to a second; quadratic: minutes
const fill = (unit: string, prefix = "", suffix = "") => prefix + unit.repeat(Math.ceil(MB / unit.length)) + suffix;
const ADVERSARIAL: Record<string, string> = {
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

const PARSERS: Record<string, (input: string) => unknown> = {
  "parseImagenApplication (text)": (s) => parseImagenApplication(s),
  "parseImagenApplication (fields)": (s) => parseImagenApplication({ client_id: s, client_secret: s, redirect_uri: s, type: s, scopes: s }),
  "classifyRedirectUri (web)": (s) => classifyRedirectUri(s, "web"),
  "classifyRedirectUri (installed)": (s) => classifyRedirectUri(s, "installed"),
};

describe("outside-input parsers run in linear time on 1 MB adversarial strings", () => {
  for (const [parser, run] of Object.entries(PARSERS)) {
    test(parser, () => {
      const problems: string[] = [];
      for (const [name, input] of Object.entries(ADVERSARIAL)) {
        try {
          vm.runInNewContext("run()", { run: () => run(input) }, { timeout: BOUND_MS });
        } catch (error) {
          if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") problems.push(`${name}: did not return within ${BOUND_MS} ms`);
          else if (!(error instanceof AuthError) && !(error instanceof SyntaxError)) problems.push(`${name}: threw ${(error as Error).name}`);
        }
      }
      expect(problems).toEqual([]);
    }, 180_000);
  }
});
