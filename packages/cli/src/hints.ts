/**
 * Provider errors speak of the library's options (`pass the tenant as the "scope" option`);
 * on the command line the user set flags, environment variables or files. Rewrite messages
 * and hints to name the CLI's own flag and variable, and, when the server refused the
 * credentials, say where this run took them from.
 */
import type { ResolvedConfig } from "./config.js";

/** Replace every `"option" option` (then every bare `"option"`) with `--flag (ENV)`. */
export function mapOptionNames(text: string, config: ResolvedConfig): string {
  let out = text;
  for (const s of config.provider.settings) {
    if (!s.option) continue;
    const cli = `--${s.flag} (${s.env})`;
    out = out.split(`the "${s.option}" option`).join(cli).split(`"${s.option}" option`).join(cli).split(`"${s.option}"`).join(cli);
  }
  return out;
}

function redefine(error: object, name: "message" | "hint", value: string): void {
  try {
    Object.defineProperty(error, name, { value, configurable: true, writable: true });
  } catch {
    /* keep the provider's text */
  }
}

export function adaptError(error: unknown, config: ResolvedConfig): unknown {
  const e = error as { code?: string; error?: string; status?: number; hint?: string; message?: string };
  if (!e || typeof e !== "object") return error;
  const name = config.provider.name;
  const refused = (e.code === "oauth_error" && (e.error === "invalid_client" || e.error === "unauthorized_client")) || (e.code === "token_endpoint" && e.status === 401);
  if (refused) {
    const used = Object.entries(config.sources)
      .filter(([n]) => n !== "baseUrl")
      .map(([n, source]) => `${n} from ${source}`);
    redefine(e, "hint", `The server refused the credentials for ${config.values.baseUrl}. This run took ${used.length ? used.join(", ") : "no credentials"}; check they are the pair issued for this URL and not revoked.`);
    return error;
  }
  if (typeof e.message === "string") redefine(e, "message", mapOptionNames(e.message, config));
  if (typeof e.hint === "string") redefine(e, "hint", mapOptionNames(e.hint, config));
  if (e.code === "login_required") redefine(e, "hint", `Run 'auth-token ${name} login'${config.profile === "default" ? "" : ` --profile ${config.profile}`}.`);
  return error;
}
