/**
 * How the demo shows a walkthrough: numbered-free step lines, the emulator's request log as it
 * grows (authorization and secret form fields redacted), the token's metadata, the answer of
 * the authenticated request, and the browser played by fetch.
 */
import type { AccessToken } from "@auth/core";
import { fmtDuration, type Ui } from "./ui.js";

/** What the demo reads of an emulator's request log. */
export interface LoggedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Step printer plus the emulator's request log, shown as it grows. */
export class Steps {
  #seen = 0;
  readonly ui: Ui;
  readonly url: string;
  readonly #requests: { readonly all: readonly LoggedRequest[] };
  /** HTTP requests the emulator received so far. */
  count = 0;
  constructor(ui: Ui, url: string, requests: { readonly all: readonly LoggedRequest[] }) {
    this.ui = ui;
    this.url = url;
    this.#requests = requests;
  }
  say(text: string): void {
    this.ui.out(this.ui.mask(`  ${text}`));
  }
  /** Print the HTTP requests the emulator received since the last call. */
  sent(): void {
    const all = this.#requests.all;
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
      this.say(`${this.ui.paint("cyan", "→")} ${r.method} ${this.url}${redactForm(r.url)}${authText}${body}`);
    }
    this.#seen = all.length;
  }
  /** Count the requests the browser made (already shown as browser lines) without printing them again. */
  seenByBrowser(): void {
    const all = this.#requests.all;
    this.count += all.length - this.#seen;
    this.#seen = all.length;
  }
  token(t: AccessToken): void {
    const fields = [`access token [redacted, ${t.accessToken.length} chars]`, `type ${t.tokenType}`];
    if (t.tokenSecret) fields.push("token secret [redacted]");
    if (t.refreshToken) fields.push("refresh token [redacted]");
    if (t.scopes?.length) fields.push(`scopes ${t.scopes.join(" ")}`);
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

// code_verifier: the PKCE secret (RFC 7636 §4.1), sent once with the code.
const SECRET_FIELDS = new Set(["client_secret", "oauth_token_secret", "access_token", "refresh_token", "code", "code_verifier", "password"]);

/** A path with a query, or a form body, with the values of secret fields replaced by `[redacted]`. */
export function redactForm(text: string): string {
  const q = text.indexOf("?");
  const [head, query] = q === -1 && text.includes("=") && !text.startsWith("/") ? ["", text] : q === -1 ? [text, ""] : [text.slice(0, q + 1), text.slice(q + 1)];
  if (!query) return head;
  return (
    head +
    query
      .split("&")
      .map((kv) => {
        const [k = "", ...v] = kv.split("=");
        let name = k;
        try {
          name = decodeURIComponent(k);
        } catch {
          // Not percent-encoded correctly: compare the raw name.
        }
        return SECRET_FIELDS.has(name) && v.length ? `${k}=[redacted]` : kv;
      })
      .join("&")
  );
}

/** The browser, played by fetch: follow the emulator's redirect to the provider's loopback listener. */
export async function playBrowser(steps: Steps, url: string): Promise<void> {
  steps.say(`${steps.ui.paint("dim", "browser (played by fetch, following redirects):")} GET ${redactForm(url)}`);
  const res = await fetch(url, { redirect: "manual" });
  steps.seenByBrowser();
  const location = res.headers.get("location");
  if (!location) throw new Error(`the authorise page answered ${res.status} without a redirect`);
  const target = new URL(location);
  steps.say(`${steps.ui.paint("dim", "browser:")} ${res.status} redirect to ${target.origin}${target.pathname} (${target.hash ? "result in the fragment" : "result in the query"})`);
  if (target.hash) {
    await fetch(new URL(target.pathname, target));
    await fetch(new URL(`${target.pathname}?__fragment=1`, target), { method: "POST", headers: { "content-type": "text/plain" }, body: target.hash.slice(1) });
  } else await fetch(target);
}
