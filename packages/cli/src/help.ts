import { PROVIDERS, type ProviderName, SPECS } from "./spec.js";

declare const __VERSION__: string;
/** The package version, inlined at build time. */
export const VERSION: string = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

const GLOBAL = `Global options:
  --store PATH             token file (default $XDG_CONFIG_HOME/auth-token/tokens.json,
                           else ~/.config/auth-token/tokens.json; env AUTH_TOKEN_STORE)
  --json                   machine-readable output (shapes in the README; stable)
  --debug                  print stack traces on errors
  --no-color               no colour (also NO_COLOR=1; colour is only used on a terminal)
  -h, --help               help for the command
  -V, --version            print the version`;

export function topHelp(): string {
  return `auth-token ${VERSION} - get API access tokens for Metapack, ConfigAPI, Bynder and Imagen

Usage:
  auth-token <provider> token [--json] [--force]     print a valid access token
  auth-token <provider> request <METHOD> <URL|path> [-d k=v]... [--data-raw BODY] [-H 'Name: value']...
  auth-token <provider> login                        log in (browser flows) or validate credentials
  auth-token <provider> logout                       forget the stored token
  auth-token status [--json]                         list stored tokens (never their values)
  auth-token demo [provider...]                      run every provider end to end against local emulators

Providers:
${PROVIDERS.map((p) => `  ${p.padEnd(11)}${SPECS[p].summary}`).join("\n")}

${GLOBAL}

Configuration: flags, then environment variables, then files. Secrets from the environment,
a file (<VAR>_FILE=path) or stdin (--secret-stdin); a secret given as a flag works but warns.
Run 'auth-token <provider> --help' for a provider's settings.

Exit status: 0 success, 1 failure (credentials refused, network, non-2xx response), 2 usage error.`;
}

function settingsHelp(p: ProviderName): string {
  const s = SPECS[p];
  const rows = s.settings.map((x) => {
    const flag = `  --${x.flag} ${x.secret ? "SECRET" : "VALUE"}`;
    const env = x.secret ? `${x.env} or ${x.env}_FILE` : x.env;
    return `${flag.padEnd(27)}${x.description}\n${"".padEnd(27)}env: ${env}${x.secret ? " (flag warns: prefer env/file/stdin)" : ""}`;
  });
  const primary = s.settings.find((x) => x.primarySecret);
  return `Settings (flag, then environment variable, then file):
${rows.join("\n")}
  --secret-stdin           read the ${primary?.description ?? "secret"} from the first line of stdin
Files: ${s.files}`;
}

export function providerHelp(p: ProviderName): string {
  const s = SPECS[p];
  return `auth-token ${p} - ${s.title}: ${s.summary}

Usage:
  auth-token ${p} token [--json] [--force]
  auth-token ${p} request <METHOD> <URL|path> [-d key=value]... [--data-raw BODY] [-H 'Name: value']... [--json]
  auth-token ${p} login${s.loginKind === "browser" ? " [--no-browser] [--port N] [--timeout SECONDS]" : ""}
  auth-token ${p} logout

Commands:
  token      print a valid ${p === "bynder" ? "token pair (oauth_token=...&oauth_token_secret=...)" : "access token"}, from the store or freshly fetched
  request    send an authenticated request; body to stdout, status line to stderr
  login      ${s.loginKind === "browser" ? "run the browser flow and store the token" : "check the credentials by fetching a token (and store it)"}
  logout     remove the stored token

${settingsHelp(p)}

${GLOBAL}`;
}

export function commandHelp(p: ProviderName, command: string): string {
  const s = SPECS[p];
  switch (command) {
    case "token":
      return `Usage: auth-token ${p} token [--json] [--force]

Prints ${p === "bynder" ? "the token pair as oauth_token=KEY&oauth_token_secret=SECRET (a configured permanent token, or the one stored by login)" : "a valid access token"} on stdout.
A stored token that is still fresh is printed without contacting the server.
  --json                   print {provider, accessToken, tokenType, expiresAt, issuedAt, scopes, source, ...}
  --force                  fetch a new token even if the stored one is fresh

${settingsHelp(p)}

${GLOBAL}`;
    case "request":
      return `Usage: auth-token ${p} request <METHOD> <URL|path> [options]

Sends an authenticated request${p === "bynder" ? " (OAuth 1.0a signed, including query and form data)" : " (Authorization: Bearer)"}.
A path (e.g. /api/v4/media/) resolves against the base URL. The response body goes to stdout,
the status line to stderr. Exit 0 on 2xx, 1 otherwise.
  -d, --data key=value     form field (repeatable); for GET/HEAD/DELETE added to the query,
                           otherwise sent as application/x-www-form-urlencoded
  --data-raw BODY          raw body (set its type with -H 'Content-Type: ...')
  -H, --header 'N: v'      extra header (repeatable)
  --json                   print {status, statusText, headers, body} (body parsed when JSON)

${settingsHelp(p)}

${GLOBAL}`;
    case "login":
      return `Usage: auth-token ${p} login [options]

${
  s.loginKind === "browser"
    ? `Runs the ${p === "bynder" ? "three-legged OAuth 1.0a handshake" : "OAuth 2 authorization flow"} in your browser and stores the token.
On a terminal a spinner shows the time left.
${s.loginFlags}`
    : "Checks the credentials by fetching a token, and stores the token."
}
  --json                   print the stored token's metadata (no secret values)

${settingsHelp(p)}

${GLOBAL}`;
    case "logout":
      return `Usage: auth-token ${p} logout

Removes the stored token for this provider, base URL and account.

${settingsHelp(p)}

${GLOBAL}`;
    default:
      return providerHelp(p);
  }
}

export function statusHelp(): string {
  return `Usage: auth-token status [--json]

Lists every stored token: provider, base URL, account, scopes and expiry. Never the values.
  --json                   print {store, tokens: [{provider, baseUrl, account, tokenType, scopes, expiresAt, expired}]}

${GLOBAL}`;
}

export function demoHelp(): string {
  return `Usage: auth-token demo [provider...]

Starts local emulators of the four providers (from @auth/testing) in this process and runs each
provider end to end: token endpoint, what came back (secrets redacted), expiry, and one
authenticated request. The browser steps of imagen and bynder are played by following the
emulator's redirects with fetch. Exit 0 only if every provider succeeded.

${GLOBAL}`;
}
