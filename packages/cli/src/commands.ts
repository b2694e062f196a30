/**
 * The provider commands (token, request, login, logout): loaded only when the fast path in
 * main.ts could not answer. Imports exactly one provider adapter.
 */
import type { Flags, ResolvedConfig } from "./config.js";
import type { ProviderCommand } from "./provider-commands.js";
import type { AdapterFactory, ProviderRuntime } from "./providers/types.js";
import type { ProviderName } from "./spec.js";
import { normalizeBaseUrl, type StoredToken, type StoreLike, slotStore, storeKey } from "./store.js";
import { formatToken, tokenMetadata } from "./token-output.js";
import { CliError, fmtDuration, type Ui, UsageError } from "./ui.js";

export interface CommandInput {
  provider: ProviderName;
  command: ProviderCommand;
  args: string[];
  flags: Flags;
  config: ResolvedConfig;
  storePath: string;
  ui: Ui;
}

/** Each adapter is its own chunk: naming a provider loads that provider only. */
export async function loadAdapter(provider: ProviderName): Promise<AdapterFactory> {
  switch (provider) {
    case "metapack":
      return (await import("./providers/metapack.js")).create;
    case "configapi":
      return (await import("./providers/configapi.js")).create;
    case "bynder":
      return (await import("./providers/bynder.js")).create;
    case "imagen":
      return (await import("./providers/imagen.js")).create;
  }
}

export async function openStore(path: string, ui: Ui): Promise<StoreLike> {
  const { FileTokenStore } = await import("@auth/core/node");
  return new FileTokenStore(path, { logger: { warn: (m: string) => ui.warn(m), debug: () => {}, info: () => {}, error: (m: string) => ui.warn(m) } as never });
}

/**
 * Provider errors speak of options ("the clientId option"); on the command line the user set
 * flags, environment variables or files. Rewrite the hint of a refused credential to name
 * where this run took them from.
 */
export function adaptHint(error: unknown, config: ResolvedConfig): unknown {
  const e = error as { code?: string; error?: string; status?: number; hint?: string };
  if (!e || typeof e !== "object") return error;
  const refused = (e.code === "oauth_error" && (e.error === "invalid_client" || e.error === "unauthorized_client")) || (e.code === "token_endpoint" && e.status === 401);
  if (!refused) return error;
  const used = Object.entries(config.sources)
    .filter(([name]) => name !== "baseUrl")
    .map(([name, source]) => `${name} from ${source}`);
  const hint = `The server refused the credentials for ${config.values.baseUrl}. This run took ${used.length ? used.join(", ") : "no credentials"}; check they are the pair issued for this URL and not revoked.`;
  try {
    Object.defineProperty(error, "hint", { value: hint, configurable: true });
  } catch {
    /* keep the provider's hint */
  }
  return error;
}

export async function runProviderCommand(input: CommandInput): Promise<number> {
  try {
    return await run(input);
  } catch (error) {
    throw adaptHint(error, input.config);
  }
}

async function run(input: CommandInput): Promise<number> {
  const { provider, command, flags, config, ui } = input;
  const fileStore = await openStore(input.storePath, ui);
  let key = "";
  const create = await loadAdapter(provider);
  const runtime = await create({
    config,
    ui,
    store: (k) => {
      key = k;
      return slotStore(fileStore, k);
    },
  });
  key ||= storeKey(provider, runtime.baseUrl, runtime.account);
  switch (command) {
    case "token":
      return token(input, runtime, fileStore, key);
    case "request":
      return request(input, runtime);
    case "login":
      return login(input, runtime, fileStore, key);
    case "logout": {
      const had = await fileStore.get(key);
      await fileStore.delete(key);
      if (flags.json) ui.out(JSON.stringify({ provider, baseUrl: runtime.baseUrl, account: runtime.account, removed: !!had }));
      else ui.info(had ? `Removed the stored ${provider} token for ${runtime.baseUrl} (${runtime.account}).` : `No stored ${provider} token for ${runtime.baseUrl} (${runtime.account}).`);
      return 0;
    }
  }
}

async function token(input: CommandInput, runtime: ProviderRuntime, store: StoreLike, key: string): Promise<number> {
  const before = await store.get(key);
  const t = await runtime.getToken({ forceRefresh: input.flags.force === true });
  const source = before && before.accessToken === t.accessToken ? "store" : input.provider === "bynder" && !before ? "config" : "fetched";
  input.ui.out(formatToken(input.provider, t, source, input.flags.json === true));
  return 0;
}

function describeExpiry(t: StoredToken): string {
  if (t.expiresAt === undefined) return "no expiry given";
  return `valid until ${new Date(t.expiresAt).toISOString()} (in ${fmtDuration(t.expiresAt - Date.now())})`;
}

async function login(input: CommandInput, runtime: ProviderRuntime, store: StoreLike, key: string): Promise<number> {
  const { ui, flags, provider } = input;
  let t: StoredToken;
  if (runtime.login) {
    const timeout = flags.timeout === undefined ? 300 : Number(flags.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) {
      throw new UsageError(`--timeout must be a positive number of seconds (got '${flags.timeout}').`, "e.g. --timeout 300 waits 5 minutes for the browser (the default).");
    }
    const port = flags.port === undefined ? undefined : Number(flags.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port must be a port number (got '${flags.port}').`);
    t = await runtime.login({ openBrowser: flags["no-browser"] !== true, timeoutMs: timeout * 1000, ...(port === undefined ? {} : { port }) });
    await store.set(key, t);
  } else {
    ui.info(`Checking the ${provider} credentials at ${runtime.baseUrl} ...`);
    t = await runtime.getToken({ forceRefresh: true });
  }
  if (flags.json) {
    ui.out(JSON.stringify({ provider, baseUrl: runtime.baseUrl, account: runtime.account, store: input.storePath, ...tokenMetadata(t) }, null, 2));
  } else {
    ui.info(`${ui.paint("green", "✓")} ${provider}: logged in as ${runtime.account} at ${runtime.baseUrl}; token ${describeExpiry(t)}${t.scopes.length ? `, scopes ${t.scopes.join(" ")}` : ""}.`);
    ui.info(`  stored in ${input.storePath}`);
  }
  return 0;
}

const QUERY_METHODS = new Set(["GET", "HEAD", "DELETE", "OPTIONS"]);

/** RFC 3986 encoding for the query (spaces as %20: a `+` is literal to some servers and to OAuth 1.0a signers). */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function buildRequest(
  baseUrl: string,
  method: string,
  target: string,
  data: string[],
  dataRaw: string | undefined,
  headers: string[],
): { url: string; init: RequestInit } {
  if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`'${method}' is not an HTTP method.`, "Usage: auth-token <provider> request <METHOD> <URL|path>");
  const m = method.toUpperCase();
  let url: string;
  if (/^https?:\/\//i.test(target)) url = target;
  else url = `${normalizeBaseUrl(baseUrl)}${target.startsWith("/") ? "" : "/"}${target}`;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`'${target}' is not a URL or path.`);
  }
  const h = new Headers();
  for (const line of headers) {
    const i = line.indexOf(":");
    if (i <= 0) throw new UsageError(`-H '${line}' is not 'Name: value'.`);
    try {
      h.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
    } catch {
      throw new UsageError(`-H '${line}' is not a valid header.`);
    }
  }
  if (data.length && dataRaw !== undefined) throw new UsageError("Use either -d/--data or --data-raw, not both.");
  const fields: [string, string][] = data.map((d) => {
    const i = d.indexOf("=");
    if (i <= 0) throw new UsageError(`-d '${d}' is not key=value.`);
    return [d.slice(0, i), d.slice(i + 1)];
  });
  const init: RequestInit = { method: m, headers: h };
  if (fields.length && QUERY_METHODS.has(m)) {
    const u = new URL(url);
    const extra = fields.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
    u.search = u.search ? `${u.search}&${extra}` : `?${extra}`;
    url = u.href;
  } else if (fields.length) {
    if (!h.has("content-type")) h.set("content-type", "application/x-www-form-urlencoded");
    init.body = fields.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
  } else if (dataRaw !== undefined) {
    if (!h.has("content-type")) h.set("content-type", "application/x-www-form-urlencoded");
    init.body = dataRaw;
  }
  return { url, init };
}

async function request(input: CommandInput, runtime: ProviderRuntime): Promise<number> {
  const { ui, flags, args, provider } = input;
  const [method, target, ...extra] = args;
  if (!method || !target) throw new UsageError("request needs a METHOD and a URL or path.", `Usage: auth-token ${provider} request <METHOD> <URL|path> [-d key=value]... Run 'auth-token ${provider} request --help'.`);
  if (extra.length) throw new UsageError(`Unexpected argument '${extra[0]}'.`, `Run 'auth-token ${provider} request --help'.`);
  const { url, init } = buildRequest(runtime.baseUrl, method, target, (flags.data as string[] | undefined) ?? [], flags["data-raw"] as string | undefined, (flags.header as string[] | undefined) ?? []);
  let res: Response;
  try {
    res = await runtime.fetch(url, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error; // AuthErrors carry their own hint
    // undici's "fetch failed" says nothing: name the cause (ECONNREFUSED, ENOTFOUND, "bad port").
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`${init.method} ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { hint: "Check the URL and that the server is reachable.", cause: error });
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
    if (/json/i.test(res.headers.get("content-type") ?? "")) {
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
