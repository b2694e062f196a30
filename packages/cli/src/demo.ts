/**
 * `auth-token demo`: the four providers end to end against local emulators started in this
 * process (from @auth/testing). Each step says which endpoint was called, what came back
 * (secrets redacted), the token's expiry and one authenticated request. The browser steps of
 * imagen and bynder are played by following the emulator's redirects with fetch. Tokens live
 * in memory only: the user's token file is not touched.
 */
import type { Registry } from "./providers.js";
import type { StoredToken } from "./store.js";
import { fmtDuration, type Ui, UsageError } from "./ui.js";

interface LoggedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
interface Emulator {
  url: string;
  requests: { all: readonly LoggedRequest[] };
  close(): Promise<void>;
}

class NotAvailable extends Error {}

type Testing = Record<string, unknown>;

async function load<T>(specifier: string, what: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    throw new NotAvailable(`${what} (${specifier}) cannot be loaded: ${(error as Error).message.split("\n")[0]}`);
  }
}

function starter(testing: Testing, name: string): (options?: Record<string, unknown>) => Promise<Emulator> {
  const fn = testing[name];
  if (typeof fn !== "function") throw new NotAvailable(`@auth/testing has no ${name} yet`);
  return fn as (options?: Record<string, unknown>) => Promise<Emulator>;
}

/** Step printer plus the emulator's request log, shown as it grows. */
class Steps {
  #seen = 0;
  readonly ui: Ui;
  readonly emulator: Emulator;
  count = 0;
  constructor(ui: Ui, emulator: Emulator) {
    this.ui = ui;
    this.emulator = emulator;
  }
  say(text: string): void {
    this.ui.out(this.ui.mask(`  ${text}`));
  }
  /** Print the HTTP requests the emulator received since the last call. */
  sent(): void {
    const all = this.emulator.requests.all;
    for (const r of all.slice(this.#seen)) {
      this.count++;
      const auth = r.headers.authorization;
      const scheme = typeof auth === "string" ? auth.split(" ")[0] : undefined;
      let authText = "";
      if (scheme === "OAuth") {
        // Names only (split, not a regex: linear on any header).
        const names = (auth as string)
          .slice(6)
          .split(",")
          .map((p) => p.trim().split("=")[0]!)
          .filter((n) => n.startsWith("oauth_"))
          .join(", ");
        authText = `  Authorization: OAuth (${names}; HMAC-SHA1 signature)`;
      } else if (scheme) authText = `  Authorization: ${scheme} [redacted]`;
      const body = r.body ? `  body: ${redactForm(r.body)}` : "";
      this.say(`${this.ui.paint("cyan", "→")} ${r.method} ${this.emulator.url}${redactForm(r.url)}${authText}${body}`);
    }
    this.#seen = all.length;
  }
  token(t: StoredToken): void {
    const fields = [`access token [redacted, ${t.accessToken.length} chars]`, `type ${t.tokenType}`];
    if (t.tokenSecret) fields.push("token secret [redacted]");
    if (t.refreshToken) fields.push("refresh token [redacted]");
    if (t.scopes.length) fields.push(`scopes ${t.scopes.join(" ")}`);
    this.say(`${this.ui.paint("green", "←")} ${fields.join("; ")}`);
    this.say(
      `  expiry: ${t.expiresAt === undefined ? "none (valid until revoked)" : `${new Date(t.expiresAt).toISOString()} (in ${fmtDuration(t.expiresAt - Date.now())})`}`,
    );
  }
  async response(res: Response): Promise<void> {
    const text = (await res.text()).replace(/\s+/g, " ").slice(0, 160);
    this.say(`${this.ui.paint(res.ok ? "green" : "red", "←")} HTTP ${res.status} ${res.statusText}  ${text}`);
    if (!res.ok) throw new Error(`the authenticated request answered HTTP ${res.status}`);
  }
}

const SECRET_FIELDS = /^(client_secret|oauth_token_secret|access_token|refresh_token|code|password)$/;
function redactForm(text: string): string {
  const q = text.indexOf("?");
  const [head, query] = q === -1 && text.includes("=") && !text.startsWith("/") ? ["", text] : q === -1 ? [text, ""] : [text.slice(0, q + 1), text.slice(q + 1)];
  if (!query) return head;
  return (
    head +
    query
      .split("&")
      .map((kv) => {
        const [k = "", ...v] = kv.split("=");
        return SECRET_FIELDS.test(decodeURIComponent(k)) && v.length ? `${k}=[redacted]` : kv;
      })
      .join("&")
  );
}

/** The browser, played by fetch: follow the emulator's redirect to our loopback listener. */
async function playBrowser(steps: Steps, url: string): Promise<void> {
  steps.say(`${steps.ui.paint("dim", "browser (played by fetch, following redirects):")} GET ${redactForm(url)}`);
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (!location) throw new Error(`the authorise page answered ${res.status} without a redirect`);
  const target = new URL(location);
  steps.say(`${steps.ui.paint("dim", "browser:")} ${res.status} redirect to ${target.origin}${target.pathname} (${target.hash ? "result in the fragment" : "result in the query"})`);
  if (target.hash) {
    await fetch(new URL(target.pathname, target));
    await fetch(new URL(`${target.pathname}?__fragment=1`, target), { method: "POST", headers: { "content-type": "text/plain" }, body: target.hash.slice(1) });
  } else await fetch(target);
}

/** The bearer providers' common steps: one token, then one authenticated GET /api/ping. */
async function tokenThenPing(ui: Ui, s: Steps, auth: { getToken(): Promise<StoredToken>; fetch: (url: string) => Promise<Response> }, url: string, note?: string): Promise<string> {
  const t = await auth.getToken();
  ui.secrets.add(t.accessToken);
  s.sent();
  if (note) s.say(note);
  s.token(t);
  s.say("one authenticated request: GET /api/ping with Authorization: Bearer");
  const res = await auth.fetch(`${url}/api/ping`);
  s.sent();
  await s.response(res);
  return `token valid ${fmtDuration((t.expiresAt ?? Date.now()) - Date.now())}, 1 authenticated request, ${s.count} HTTP calls`;
}

type Runner = (ui: Ui, testing: Testing, track: (e: Emulator) => void) => Promise<string>;

/** The built-in providers the demo walks through (each against its emulator from @auth/testing). */
type ProviderName = "metapack" | "configapi" | "bynder" | "imagen";

const RUNNERS: Record<ProviderName, Runner> = {
  async metapack(ui, testing, track) {
    const start = starter(testing, "startMetapackEmulator");
    const mod = await load<typeof import("@auth/metapack")>("@auth/metapack", "@auth/metapack");
    const emu = (await start()) as Emulator & { credentials: { apiKeyId: string; apiKeySecret: string; properties: string } };
    track(emu);
    const s = new Steps(ui, emu);
    ui.secrets.add(emu.credentials.apiKeySecret);
    s.say(`emulator at ${emu.url}; API key from apiKey.properties: apiKey.id=${emu.credentials.apiKeyId}, apiKey.secret=[redacted]`);
    const auth = mod.createMetapackAuth({ baseUrl: emu.url, properties: emu.credentials.properties });
    s.say("get a token: POST /oauth, HTTP Basic of the raw id:secret, grant_type=client_credentials");
    return tokenThenPing(ui, s, auth, emu.url);
  },

  async configapi(ui, testing, track) {
    const start = starter(testing, "startConfigApiEmulator");
    const mod = await load<typeof import("@auth/configapi")>("@auth/configapi", "@auth/configapi");
    const emu = (await start()) as Emulator & { credentials: { clientId: string; clientSecret: string; scope: string } };
    track(emu);
    const s = new Steps(ui, emu);
    ui.secrets.add(emu.credentials.clientSecret);
    s.say(`emulator at ${emu.url}; login ID ${emu.credentials.clientId}, API secret [redacted], tenant (scope) ${emu.credentials.scope}`);
    const auth = mod.createConfigApiAuth({ baseUrl: emu.url, clientId: emu.credentials.clientId, clientSecret: emu.credentials.clientSecret, scope: emu.credentials.scope });
    s.say("get a token: POST /configapi/v2/oauth/token with grant_type, client_id, client_secret, scope in the form body");
    return tokenThenPing(ui, s, auth, emu.url, `  (the answer has expires_in as a string, "3599", as documented)`);
  },

  async bynder(ui, testing, track) {
    const start = starter(testing, "startBynderEmulator");
    const mod = await load<typeof import("@auth/bynder/node")>("@auth/bynder/node", "@auth/bynder");
    const emu = (await start()) as Emulator & { consumer: { key: string; secret: string } };
    track(emu);
    const s = new Steps(ui, emu);
    ui.secrets.add(emu.consumer.secret);
    s.say(`emulator at ${emu.url}; consumer key ${emu.consumer.key}, consumer secret [redacted]`);
    const auth = mod.createBynderAuth({ baseUrl: emu.url, consumer: { key: emu.consumer.key, secret: emu.consumer.secret } });
    s.say("three-legged handshake (temporary token, 30 days): request token, authorise in the browser, access token");
    const t = await mod.login(auth, {
      timeoutMs: 30_000,
      openBrowser: async (url: string) => {
        s.sent();
        s.say(`${ui.paint("green", "←")} request token (its secret [redacted]), valid 10 minutes; authorise URL ready`);
        await playBrowser(s, url);
      },
    });
    ui.secrets.add(t.accessToken);
    if (t.tokenSecret) ui.secrets.add(t.tokenSecret);
    s.sent();
    s.token(t);
    s.say("one signed request with query and form data: POST /api/v4/media/?type=image with title=Summer sale, tags=a+b");
    const res = await auth.fetch(`${emu.url}/api/v4/media/?type=image`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ title: "Summer sale", tags: "a+b" }),
    });
    s.sent();
    await s.response(res);
    return `handshake done, token valid ${fmtDuration((t.expiresAt ?? Date.now()) - Date.now())}, 1 signed request, ${s.count} HTTP calls`;
  },

  async imagen(ui, testing, track) {
    const start = starter(testing, "startImagenEmulator");
    const mod = await load<typeof import("@auth/imagen")>("@auth/imagen", "@auth/imagen");
    const emu = (await start({ refreshTokens: true })) as Emulator & { credentials: { apiKey: string; apiSecret: string } };
    track(emu);
    const s = new Steps(ui, emu);
    ui.secrets.add(emu.credentials.apiSecret);
    s.say(`emulator at ${emu.url}; installed application, API key ${emu.credentials.apiKey}, secret [redacted]`);
    const auth = mod.createImagenAuth({
      baseUrl: emu.url,
      apiKey: emu.credentials.apiKey,
      apiSecret: emu.credentials.apiSecret,
      applicationType: "installed",
      redirectUri: "http://localhost",
      responseType: "code",
    });
    s.say(`authorization code flow with a loopback listener (RFC 8252), scopes ${auth.scopes.join(" ")}`);
    const t = await auth.login({
      timeoutMs: 30_000,
      openBrowser: async (url: string) => {
        await playBrowser(s, url);
      },
    });
    ui.secrets.add(t.accessToken);
    if (t.refreshToken) ui.secrets.add(t.refreshToken);
    s.sent();
    s.token(t);
    s.say("one authenticated request: GET /api/v1/records with Authorization: Bearer");
    const res = await auth.fetch(`${emu.url}/api/v1/records`);
    s.sent();
    await s.response(res);
    return `code flow done, token valid ${fmtDuration((t.expiresAt ?? Date.now()) - Date.now())}, 1 authenticated request, ${s.count} HTTP calls`;
  },
};

export async function demo(only: string[], ui: Ui, registry: Registry): Promise<number> {
  const PROVIDERS = Object.keys(RUNNERS) as ProviderName[];
  for (const p of only) if (!(PROVIDERS as readonly string[]).includes(p)) throw new UsageError(`Unknown provider '${p}'.`, "Run 'auth-token demo --help'.");
  const chosen = only.length ? (only as ProviderName[]) : [...PROVIDERS];
  ui.out(ui.paint("bold", "auth-token demo: each provider end to end against a local emulator (@auth/testing), in this process."));
  ui.out("Nothing leaves this machine; tokens are kept in memory (your token file is not touched).\n");
  let testing: Testing | undefined;
  let testingError: string | undefined;
  try {
    testing = await load<Testing>("@auth/testing", "@auth/testing");
  } catch (error) {
    testingError = (error as Error).message;
  }
  const results: { provider: ProviderName; ok: boolean; text: string }[] = [];
  for (const provider of chosen) {
    const d = registry.get(provider);
    ui.out(ui.paint("bold", `${d?.title ?? provider} (${provider})${d ? `: ${d.summary}` : ""}`));
    const emulators: Emulator[] = [];
    const t0 = Date.now();
    try {
      if (!testing) throw new NotAvailable(testingError ?? "@auth/testing is not available");
      const text = await RUNNERS[provider](ui, testing, (e) => emulators.push(e));
      results.push({ provider, ok: true, text: `${text} (${Date.now() - t0} ms)` });
    } catch (error) {
      const e = error as Error & { hint?: string };
      const text = error instanceof NotAvailable ? `not available: ${e.message}` : `failed: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
      ui.out(ui.mask(`  ${ui.paint("red", "✗")} ${text}`));
      if (ui.debug && e.stack) ui.out(ui.mask(e.stack));
      results.push({ provider, ok: false, text });
    } finally {
      await Promise.all(emulators.map((e) => e.close().catch(() => {})));
    }
    ui.out("");
  }
  ui.out(ui.paint("bold", "Summary"));
  for (const r of results) ui.out(ui.mask(`  ${r.ok ? ui.paint("green", "✓") : ui.paint("red", "✗")} ${r.provider.padEnd(10)} ${r.text}`));
  const failed = results.filter((r) => !r.ok).length;
  ui.out(failed ? `\n${failed} of ${results.length} providers did not complete.` : `\nAll ${results.length} providers completed.`);
  return failed ? 1 : 0;
}

/** How `demo --serve` turns each built-in emulator's test credentials into the CLI's settings. */
const SERVE: Record<ProviderName, { starter: string; env: (e: Record<string, unknown>, dir: string) => Promise<Record<string, string>> }> = {
  metapack: {
    starter: "startMetapackEmulator",
    async env(e, dir) {
      const { writeFile } = await import("node:fs/promises");
      const path = `${dir}/apiKey.properties`;
      await writeFile(path, (e.credentials as { properties: string }).properties, { mode: 0o600 });
      return { METAPACK_BASE_URL: e.url as string, METAPACK_PROPERTIES: path };
    },
  },
  configapi: {
    starter: "startConfigApiEmulator",
    env: async (e) => {
      const c = e.credentials as { clientId: string; clientSecret: string; scope: string };
      return { CONFIGAPI_BASE_URL: e.url as string, CONFIGAPI_CLIENT_ID: c.clientId, CONFIGAPI_CLIENT_SECRET: c.clientSecret, CONFIGAPI_SCOPE: c.scope };
    },
  },
  bynder: {
    starter: "startBynderEmulator",
    env: async (e) => {
      const c = e.consumer as { key: string; secret: string };
      const p = e.permanentToken as { key: string; secret: string } | undefined;
      return { BYNDER_BASE_URL: e.url as string, BYNDER_CONSUMER_KEY: c.key, BYNDER_CONSUMER_SECRET: c.secret, ...(p ? { BYNDER_TOKEN_KEY: p.key, BYNDER_TOKEN_SECRET: p.secret } : {}) };
    },
  },
  imagen: {
    starter: "startImagenEmulator",
    env: async (e) => {
      const c = e.credentials as { apiKey: string; apiSecret: string };
      return { IMAGEN_BASE_URL: e.url as string, IMAGEN_API_KEY: c.apiKey, IMAGEN_API_SECRET: c.apiSecret };
    },
  },
};

const shellQuote = (s: string) => `'${s.split("'").join("'\\''")}'`;

/**
 * `demo --serve [provider...]`: start the emulators and keep them running until Ctrl-C or
 * SIGTERM. stdout gets `export` lines with each emulator's URL and test credentials (source
 * them to point auth-token at the emulators), then `# ready`; people read stderr.
 */
export async function serve(only: string[], ui: Ui): Promise<number> {
  const all = Object.keys(SERVE) as ProviderName[];
  for (const p of only) if (!(all as string[]).includes(p)) throw new UsageError(`Unknown provider '${p}'.`, `Emulators: ${all.join(", ")}.`);
  const chosen = only.length ? (only as ProviderName[]) : all;
  const testing = await load<Testing>("@auth/testing", "@auth/testing");
  const { mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const dir = await mkdtemp(`${tmpdir()}/auth-token-demo-`);
  const running: Emulator[] = [];
  const lines: string[] = [];
  for (const p of chosen) {
    const emulator = (await starter(testing, SERVE[p].starter)()) as Emulator & Record<string, unknown>;
    running.push(emulator);
    const env = await SERVE[p].env(emulator, dir);
    lines.push(`# ${p} emulator at ${emulator.url}`, ...Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`));
    ui.info(`${p} emulator at ${emulator.url}`);
  }
  ui.io.stdout.write(`${lines.join("\n")}\n# ready\n`);
  ui.info("Serving until Ctrl-C (or SIGTERM). The lines on stdout are the settings to export: redirect them to a file and source it.");
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await Promise.all(running.map((e) => e.close().catch(() => {})));
  ui.info("Emulators stopped.");
  return 0;
}
