/**
 * The provider commands (token, request, login, logout): loaded only when the fast path in
 * main.ts could not answer. Builds the provider's session through its descriptor.
 */
import type { AccessToken, ProviderContext, ProviderSession } from "@auth/core";
import { presentUrl } from "./browser.js";
import { type Flags, type ResolvedConfig, readFiles, requireSettings } from "./config.js";
import { adaptError } from "./hints.js";
import type { ProviderCommand } from "./provider-commands.js";
import type { LoadedProvider } from "./providers.js";
import { buildRequest } from "./request.js";
import { type StoreLocation, storeKey } from "./store.js";
import { formatToken, tokenMetadata } from "./token-output.js";
import { CliTokenStore } from "./token-store.js";
import { CliError, fmtDuration, type Ui, UsageError } from "./ui.js";

export { buildRequest } from "./request.js";

export interface CommandInput {
  provider: LoadedProvider;
  command: ProviderCommand;
  args: string[];
  flags: Flags;
  config: ResolvedConfig;
  location: StoreLocation;
  ui: Ui;
}

interface Prepared {
  session: ProviderSession;
  store: CliTokenStore;
  key: string;
  account: string;
}

export async function runProviderCommand(input: CommandInput): Promise<number> {
  try {
    return await run(input);
  } catch (error) {
    throw adaptError(error, input.config);
  }
}

async function prepare(input: CommandInput): Promise<Prepared> {
  const { provider, config, ui } = input;
  await readFiles(config, ui);
  requireSettings(config);
  const account = provider.account(config.values);
  if (!account) throw new CliError(`${provider.title}: the settings name no account.`, { hint: `See 'auth-token ${provider.name} --help' for the settings.`, code: "missing_setting" });
  const baseUrl = config.values.baseUrl ?? "";
  const key = storeKey(provider.name, baseUrl, account, config.profile);
  const store = await CliTokenStore.open(input.location, ui);
  await store.rememberFiles(config.fileFacts);
  const warn = (m: string) => ui.warn(m);
  const context: ProviderContext = {
    store: store.slot(key, { provider: provider.name, baseUrl, account, profile: config.profile }),
    key,
    logger: { warn, error: warn, info: () => {}, debug: () => {} } as ProviderContext["logger"],
    presentUrl: (url, what) => presentUrl(ui, url, input.flags["no-browser"] !== true, what),
    prompt: (question) => ui.prompt(question),
    waiting: (text, deadline) => ui.spinner(text, deadline),
  };
  const session = await provider.create(config.values, context);
  return { session, store, key, account };
}

async function run(input: CommandInput): Promise<number> {
  const p = await prepare(input);
  switch (input.command) {
    case "token":
      return token(input, p);
    case "request":
      return request(input, p.session);
    case "login":
      return login(input, p);
    case "logout":
      return logout(input, p);
  }
}

async function token(input: CommandInput, { session, store, key }: Prepared): Promise<number> {
  const before = await store.get(key);
  const t = await session.getToken({ forceRefresh: input.flags.force === true });
  const configured = input.provider.configuredToken?.(input.config.values);
  const source = configured && configured.accessToken === t.accessToken ? "config" : before && before.accessToken === t.accessToken ? "store" : "fetched";
  input.ui.out(formatToken(input.provider.name, t, source, input.flags.json === true));
  return 0;
}

function describeExpiry(t: AccessToken): string {
  if (t.expiresAt === undefined) return "no expiry given";
  return `valid until ${new Date(t.expiresAt).toISOString()} (in ${fmtDuration(t.expiresAt - Date.now())})`;
}

function storageText(input: CommandInput, store: CliTokenStore): string {
  return store.backend === "keyring" ? "the OS keyring" : input.location.tokensPath;
}

async function login(input: CommandInput, { session, store, key, account }: Prepared): Promise<number> {
  const { ui, flags, provider } = input;
  let t: AccessToken;
  if (session.login) {
    const timeout = flags.timeout === undefined ? 300 : Number(flags.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) {
      throw new UsageError(`--timeout must be a positive number of seconds (got '${flags.timeout}').`, "e.g. --timeout 300 waits 5 minutes for the browser (the default).");
    }
    const port = flags.port === undefined ? undefined : Number(flags.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port must be a port number (got '${flags.port}').`);
    t = await session.login({ openBrowser: flags["no-browser"] !== true, timeoutMs: timeout * 1000, ...(port === undefined ? {} : { port }) });
    await store.set(key, t, { provider: provider.name, baseUrl: session.baseUrl, account, profile: input.config.profile });
  } else {
    ui.info(`Checking the ${provider.name} credentials at ${session.baseUrl} ...`);
    t = await session.getToken({ forceRefresh: true });
  }
  const where = storageText(input, store);
  if (flags.json) {
    ui.out(JSON.stringify({ provider: provider.name, baseUrl: session.baseUrl, account, profile: input.config.profile, store: where, storage: store.backend, ...tokenMetadata(t) }, null, 2));
  } else {
    const profile = input.config.profile === "default" ? "" : ` (profile ${input.config.profile})`;
    ui.info(`${ui.paint("green", "✓")} ${provider.name}: logged in as ${account} at ${session.baseUrl}${profile}; token ${describeExpiry(t)}${t.scopes.length ? `, scopes ${t.scopes.join(" ")}` : ""}.`);
    ui.info(`  stored in ${where}`);
  }
  return 0;
}

async function logout(input: CommandInput, { session, store, key, account }: Prepared): Promise<number> {
  const { ui, flags, provider } = input;
  const revocable = !!session.revoke && (provider.canRevoke?.(input.config.values) ?? false);
  if (flags.revoke && !revocable) {
    throw new CliError(`${provider.title} offers no token revocation; nothing was changed.`, {
      hint: `Run 'auth-token ${provider.name} logout' to forget the token here; it stays valid at ${provider.title} until it expires.`,
      code: "revocation_unsupported",
    });
  }
  const had = await store.get(key);
  let revoked = false;
  if (flags.revoke && had) {
    await session.revoke!(had);
    revoked = true;
  }
  const removed = had ? await store.delete(key) : false;
  const who = `${provider.name} token for ${session.baseUrl} (${account}${input.config.profile === "default" ? "" : `, profile ${input.config.profile}`})`;
  if (flags.json) {
    ui.out(JSON.stringify({ provider: provider.name, baseUrl: session.baseUrl, account, profile: input.config.profile, removed, revoked }));
  } else if (!had) {
    ui.info(`No stored ${who}.`);
  } else if (revoked) {
    ui.info(`Revoked the ${who} at ${provider.title} and removed it.`);
  } else {
    ui.info(`Removed the stored ${who}; this forgot it locally only.`);
    ui.info(
      revocable
        ? `  It stays valid at ${provider.title} until it expires; 'auth-token ${provider.name} logout --revoke' would revoke it.`
        : `  ${provider.title} offers no revocation, so it stays valid there until it expires.`,
    );
  }
  return 0;
}

async function request(input: CommandInput, session: ProviderSession): Promise<number> {
  const { ui, flags, args, provider } = input;
  const [method, target, ...extra] = args;
  if (!method || !target) throw new UsageError("request needs a METHOD and a URL or path.", `Usage: auth-token ${provider.name} request <METHOD> <URL|path> [-d key=value]... Run 'auth-token ${provider.name} request --help'.`);
  if (extra.length) throw new UsageError(`Unexpected argument '${extra[0]}'.`, `Run 'auth-token ${provider.name} request --help'.`);
  const { url, init } = buildRequest(session.baseUrl, method, target, (flags.data as string[] | undefined) ?? [], flags["data-raw"] as string | undefined, (flags.header as string[] | undefined) ?? []);
  let res: Response;
  try {
    res = await session.fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error; // AuthErrors carry their own hint
    // undici's "fetch failed" says nothing: name the cause (ECONNREFUSED, ENOTFOUND, "bad port").
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`${init.method} ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { hint: "Check the URL and that the server is reachable.", cause: error, code: "network" });
  }
  const ok = res.status >= 200 && res.status < 300;
  const statusLine = `HTTP ${res.status} ${res.statusText}`;
  const body = Buffer.from(await res.arrayBuffer());
  if (flags.json) {
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const text = body.toString("utf8");
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").toLowerCase().includes("json")) {
      try {
        parsed = JSON.parse(text);
      } catch {
        /* keep text */
      }
    }
    ui.out(JSON.stringify({ status: res.status, statusText: res.statusText, url, headers, body: parsed }, null, 2));
  } else {
    ui.io.stdout.write(body);
    if (body.length && body[body.length - 1] !== 0x0a && ui.io.stdout.isTTY) ui.io.stdout.write("\n");
  }
  ui.io.stderr.write(`${ui.paint(ok ? "green" : "red", statusLine)}\n`);
  if (!ok) {
    const challenge = res.headers.get("www-authenticate");
    if (challenge) ui.info(`${ui.paint("dim", "www-authenticate:")} ${challenge}`);
  }
  return ok ? 0 : 1;
}
