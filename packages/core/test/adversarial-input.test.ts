// Every parser of outside text (headers, bodies, redirect URLs, pasted input, stored tokens)
// must run in time linear in its input (issue 10 item 1). Each one is fed 1 MB strings built to
// make a backtracking regex go quadratic or worse, and must return (or throw its typed error)
// within a generous bound. The call runs under vm's `timeout`, which interrupts synchronous
// code, regexes included: a regression fails here in seconds instead of hanging the run. The
// harness (fill, the hard deadline, one test per parser) is test-utils/adversarial-input.ts.
import { describeLinearTime, fill, MB } from "../../../test-utils/adversarial-input.js";
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

/** Strings built to defeat backtracking: long runs of what regexes on HTML, JSON, headers and forms loop over. */
const ADVERSARIAL: Record<string, string> = {
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

// A parser may reject the input, but only with its own typed error (JSON.parse's SyntaxError for parseJsonLenient).
describeLinearTime({
  parsers: PARSERS,
  inputs: ADVERSARIAL,
  accepts: (error, parser) => error instanceof AuthError || (error instanceof SyntaxError && parser === "parseJsonLenient"),
  testTimeout: 120_000,
});
