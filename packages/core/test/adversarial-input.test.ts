// Every parser of outside text (headers, bodies, redirect URLs, pasted input, stored tokens)
// must run in time linear in its input (issue 10 item 1). Each one is fed 1 MB strings built to
// make a backtracking regex go quadratic or worse, and must return (or throw its typed error)
// within a generous bound. The call runs under vm's `timeout`, which interrupts synchronous
// code, regexes included: a regression fails here in seconds instead of hanging the run.
import vm from "node:vm";
import { describe, expect, test } from "vitest";
import {
  AuthError,
  bearerAuthorizer,
  bearerChallenge,
  bodyExcerpt,
  checkState,
  deserializeToken,
  endpointErrorFromResponse,
  oauthErrorFromBody,
  parseJsonLenient,
  parseRedirect,
  parseTokenResponse,
  parseWwwAuthenticate,
  redact,
  type TokenCache,
} from "../src/index.js";

const MB = 1024 * 1024;
// Linear work on 1 MB takes milliseconds to a second; quadratic work takes minutes. The bound
// leaves room for a loaded CI machine (2 cores shared by several jobs).
const BOUND_MS = 5_000;
const fill = (unit: string, prefix = "", suffix = "") => prefix + unit.repeat(Math.ceil((MB - prefix.length - suffix.length) / unit.length)) + suffix;

/** Strings built to defeat backtracking: long runs of what regexes on HTML, JSON, headers and forms loop over. */
export const ADVERSARIAL: Record<string, string> = {
  "<": fill("<"),
  "<a": fill("<a"),
  '"\\': fill('"\\'),
  '\\"': fill('\\"'),
  spaces: fill(" ", "x", "x"),
  "tabs and newlines": fill("\t\n", "x", "x"),
  "=": fill("="),
  '"': fill('"'),
  "a=": fill("a="),
  "a=,": fill("a=,"),
  ",": fill(","),
  ", ": fill(", ", "{", "x"),
  "<script": fill("<script"),
  "<script> unclosed": fill("x", "<script>"),
  "<style<": fill("<STYLE<"),
  "<head\\t": fill("<HEAD\t"),
  "<head> unclosed": fill("<p>x</p> ", "<html><head>"),
  "bearer error=": fill("\nERROR=\n", "BEARER\t_="),
  "bearer a=b,": fill(" a=b,", "Bearer"),
  'bearer a="': fill(' a="\\', "Bearer"),
  "access_token=": fill("access_token="),
  'access_token":"': fill('"access_token":"\\'),
  "oauth_a": fill("oauth_a"),
  '",\\': fill('",\\'),
  "[,": fill("[,"),
  "%": fill("%"),
  "%2": fill("%2"),
  "&#": fill("&#"),
  "&amp;": fill("&amp"),
  "\\u00": fill("\\u00"),
  "?#&": fill("?#&"),
  "'>": fill(">", "'", "x"),
  "/": fill("/", "", "x"),
  "digits.": fill("1.", " "),
};

/** Run `fn` with a hard deadline; the result (or the error it threw) is returned. */
function withinBound(fn: () => unknown): { ms: number; error?: unknown } {
  const start = performance.now();
  try {
    vm.runInNewContext("run()", { run: fn }, { timeout: BOUND_MS });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new Error(`did not return within ${BOUND_MS} ms`);
    return { ms: performance.now() - start, error };
  }
  return { ms: performance.now() - start };
}

const cache = { getToken: async () => ({}), invalidate: async () => {}, set: async () => {} } as unknown as TokenCache;
const SECRETS = ["client-secret-value", "dGVzdDpzZWNyZXQ=", "a<b>c&d\"e'f g"];

/** Each parser of outside text in core, fed one string; a typed AuthError is a fine answer. */
const PARSERS: Record<string, (input: string) => unknown> = {
  "bearerAuthorizer.unauthorized (WWW-Authenticate)": (s) =>
    bearerAuthorizer(cache).unauthorized!({ method: "GET", url: "https://x/" }, { headers: { get: () => s } } as unknown as Response, {}),
  parseWwwAuthenticate: (s) => parseWwwAuthenticate(s),
  bearerChallenge: (s) => bearerChallenge(s),
  bodyExcerpt: (s) => bodyExcerpt(s, SECRETS),
  "oauthErrorFromBody (error_description)": (s) => oauthErrorFromBody({ error: s, error_description: s, error_uri: s }, 400, SECRETS),
  endpointErrorFromResponse: (s) => endpointErrorFromResponse("The token endpoint", 502, "Bad Gateway", s, s, SECRETS),
  parseJsonLenient: (s) => parseJsonLenient(s),
  "parseTokenResponse (body)": (s) => parseTokenResponse(s, { now: 0 }),
  "parseTokenResponse (fields)": (s) => parseTokenResponse({ access_token: "t", token_type: s, expires_in: s, scope: s }, { now: 0, acceptTokenTypes: ["Bearer"] }),
  "parseTokenResponse (access_token)": (s) => parseTokenResponse({ access_token: s, refresh_token: s }, { now: 0 }),
  parseRedirect: (s) => parseRedirect(s),
  "parseRedirect (URL)": (s) => parseRedirect(`https://app.example/cb?${s.slice(0, MB / 2)}#${s.slice(0, MB / 2)}`),
  "parseRedirect (pasted token)": (s) => parseRedirect(s, { pastedAs: "token" }),
  checkState: (s) => checkState("expected-state-value", s),
  deserializeToken: (s) => deserializeToken({ accessToken: s, tokenType: s, scopes: [s], refreshToken: s }),
  redact: (s) => redact(s, SECRETS),
};

describe("outside-input parsers run in linear time on 1 MB adversarial strings", () => {
  for (const [parser, run] of Object.entries(PARSERS)) {
    test(parser, () => {
      const slow: string[] = [];
      for (const [name, input] of Object.entries(ADVERSARIAL)) {
        let error: unknown;
        try {
          ({ error } = withinBound(() => {
            const out = run(input);
            if (out instanceof Promise) out.catch(() => {});
            return out;
          }));
        } catch (timeout) {
          slow.push(`${name}: ${(timeout as Error).message}`);
          continue;
        }
        // It may reject the input, but only with its own typed error.
        if (error !== undefined && !(error instanceof AuthError) && !(error instanceof SyntaxError && parser === "parseJsonLenient")) {
          slow.push(`${name}: threw ${(error as Error).name}: ${(error as Error).message.slice(0, 80)}`);
        }
      }
      expect(slow).toEqual([]);
    }, 120_000);
  }
});
