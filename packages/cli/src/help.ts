import type { LoadedProvider, Registry } from "./providers.js";

declare const __VERSION__: string;
/** The package version, inlined at build time. */
export const VERSION: string = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

const GLOBAL = `Global options:
  --profile NAME           keep several logins apart (env AUTH_TOKEN_PROFILE; default "default",
                           or "defaultProfile" in config.json)
  --insecure-storage       keep tokens in the 0600 file instead of the OS keyring
                           (env AUTH_TOKEN_STORE=file; the file is also used when no keyring answers)
  --store PATH             token file (implies file storage; default
                           $XDG_CONFIG_HOME/auth-token/tokens.json, else ~/.config/auth-token/tokens.json)
  --json                   machine-readable output; errors as {"error":{"code","message","hint"}} on stderr
  --debug                  print stack traces on errors
  --no-color               no colour (also NO_COLOR=1; colour is only used on a terminal)
  -h, --help               help for the command
  -V, --version            print the version`;

export function topHelp(registry: Registry): string {
  return `auth-token ${VERSION} - get API access tokens from your shell

Usage:
  auth-token <provider> token [--json] [--force]     print a valid access token
  auth-token <provider> request <METHOD> <URL|path> [-d k=v]... [--data-raw BODY] [-H 'Name: value']...
  auth-token <provider> login                        log in (browser flows) or check credentials
  auth-token <provider> logout [--revoke]            forget the stored token (and revoke it)
  auth-token status [--json]                         list stored tokens (never their values)
  auth-token demo [provider...]                      run the built-in providers against local emulators
  auth-token demo --serve [provider...]              keep emulators running; print their settings as export lines
  auth-token completion bash|zsh|fish                print a shell completion script

Providers:
${registry.list.map((p) => `  ${p.name.padEnd(11)}${p.summary}`).join("\n")}
More providers: name their packages in AUTH_TOKEN_PROVIDERS=@scope/pkg,... or in the
"providers" list of $XDG_CONFIG_HOME/auth-token/config.json.

${GLOBAL}

Configuration: flags, then environment variables, then the profile in config.json, then
files. Secrets from the environment, a file (<VAR>_FILE=path) or stdin (--secret-stdin); a
secret given as a flag works but warns. Run 'auth-token <provider> --help' for its settings.

Exit status: 0 success, 1 failure (credentials refused, network, non-2xx response),
2 usage error, 130 cancelled.`;
}

function settingsHelp(p: LoadedProvider): string {
  const rows = p.settings.map((x) => {
    const flag = `  --${x.flag} ${x.secret ? "SECRET" : "VALUE"}`;
    const env = x.secret ? `${x.env} or ${x.env}_FILE` : x.env;
    const extra = [x.required ? "required" : "", x.default !== undefined ? `default ${x.default}` : "", x.secret ? "flag warns: prefer env/file/stdin" : ""].filter(Boolean).join("; ");
    return `${flag.padEnd(27)}${x.description}\n${"".padEnd(27)}env: ${env}${extra ? ` (${extra})` : ""}`;
  });
  const primary = p.settings.find((x) => x.primarySecret);
  const files = (p.files ?? []).map((f) => f.description).join("; ");
  return `Settings (flag, then environment variable, then profile, then file):
${rows.join("\n")}
${primary ? `  --secret-stdin           read ${primary.description.startsWith("the ") ? "" : "the "}${primary.description} from the first line of stdin\n` : ""}Files: ${files || "none"}`;
}

const loginLine = (p: LoadedProvider) => (p.login === "interactive" ? "run the browser flow and store the token" : "check the credentials by fetching a token (and store it)");

export function providerHelp(p: LoadedProvider): string {
  return `auth-token ${p.name} - ${p.title}: ${p.summary}${p.package.startsWith("@auth/") ? "" : `\n(provider package ${p.package})`}

Usage:
  auth-token ${p.name} token [--json] [--force]
  auth-token ${p.name} request <METHOD> <URL|path> [-d key=value]... [--data-raw BODY] [-H 'Name: value']... [--json]
  auth-token ${p.name} login${p.login === "interactive" ? " [--no-browser] [--port N] [--timeout SECONDS]" : ""}
  auth-token ${p.name} logout [--revoke]

Commands:
  token      print a valid access token, from the store or freshly fetched
  request    send an authenticated request; body to stdout, status line to stderr
  login      ${loginLine(p)}
  logout     forget the stored token${p.canRevoke ? "; --revoke also revokes it at the provider" : ""}

${settingsHelp(p)}

${GLOBAL}`;
}

export function commandHelp(p: LoadedProvider, command: string): string {
  const tail = `${settingsHelp(p)}\n\n${GLOBAL}`;
  switch (command) {
    case "token":
      return `Usage: auth-token ${p.name} token [--json] [--force]

Prints a valid access token on stdout (a token with a secret, as OAuth 1.0a uses, prints as
oauth_token=KEY&oauth_token_secret=SECRET). A stored token that is still fresh is printed
without contacting the server; a token given in the settings is printed as it is.
  --json                   print {provider, accessToken, tokenType, expiresAt, issuedAt, scopes, source, ...}
  --force                  fetch a new token even if the stored one is fresh

${tail}`;
    case "request":
      return `Usage: auth-token ${p.name} request <METHOD> <URL|path> [options]

Sends a request authorized by the provider (Authorization: Bearer, or a signature over the
method, URL, query and form data). A path (e.g. /api/ping) resolves against the base URL. The
response body goes to stdout, the status line to stderr. Exit 0 on 2xx, 1 otherwise.
  -d, --data key=value     form field (repeatable); for GET/HEAD/DELETE added to the query,
                           otherwise sent as application/x-www-form-urlencoded
  --data-raw BODY          raw body (set its type with -H 'Content-Type: ...')
  -H, --header 'N: v'      extra header (repeatable)
  --json                   print {status, statusText, headers, body} (body parsed when JSON)

${tail}`;
    case "login":
      return `Usage: auth-token ${p.name} login [options]

${p.login === "interactive" ? `Runs ${p.title}'s authorization flow in your browser and stores the token.\nOn a terminal a spinner shows the time left; a pasted code or token is not echoed.\n${p.loginHelp ?? ""}` : "Checks the credentials by fetching a token, and stores the token."}
  --json                   print the stored token's metadata (no secret values)

${tail}`;
    case "logout":
      return `Usage: auth-token ${p.name} logout [--revoke]

Removes the stored token for this provider, base URL, account and profile.
  --revoke                 also revoke it at the provider (RFC 7009)${p.canRevoke ? "" : `; ${p.title} offers no revocation`}

${tail}`;
    default:
      return providerHelp(p);
  }
}

export function statusHelp(): string {
  return `Usage: auth-token status [--json] [--profile NAME]

Lists every stored token: provider, base URL, account, profile, where it is kept (keyring or
file), scopes and expiry. Never the values. With --profile, only that profile's.
  --json                   print {index, tokens: [{provider, baseUrl, account, profile, storage, tokenType, scopes, expiresAt, issuedAt, expired}]}

${GLOBAL}`;
}

export function completionHelp(): string {
  return `Usage: auth-token completion bash|zsh|fish

Prints a completion script for your shell (commands, providers including plugins, flags).
  bash:  echo 'source <(auth-token completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(auth-token completion zsh)' >> ~/.zshrc
  fish:  auth-token completion fish > ~/.config/fish/completions/auth-token.fish`;
}

export function demoHelp(): string {
  return `Usage: auth-token demo [provider...]
       auth-token demo --serve [provider...] > emulators.env

--serve: start the emulators and keep them running until Ctrl-C (or SIGTERM); stdout gets
one "export NAME='value'" line per setting (URL and the emulators' test credentials), then
"# ready", so '. ./emulators.env' points auth-token at them.

Starts the local emulator of each provider that @auth/testing has a demo scenario for, in this
process, and runs the provider end to end through its descriptor: token endpoint, what came back
(secrets redacted), expiry, and one authenticated request; then this process's telemetry counts
per provider. The browser steps are played by following the emulator's redirects with fetch.
A provider no emulator plays (an in-house plugin) is listed as skipped, with the reason.
Exit 0 only if every provider with an emulator succeeded.

${GLOBAL}`;
}
