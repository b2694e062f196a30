import { parseStoreKey, readAllTokens } from "./store.js";
import { tokenMetadata } from "./token-output.js";
import { CliError, fmtDuration, type Ui } from "./ui.js";

/** `auth-token status`: each stored token's provider, base URL, account, scopes and expiry; never a value. */
export async function status(path: string, json: boolean, ui: Ui): Promise<number> {
  let entries: ReturnType<typeof readAllTokens>;
  try {
    entries = readAllTokens(path);
  } catch (error) {
    throw new CliError(`Cannot read the token store ${path}: ${(error as Error).message.split("\n")[0]}`, {
      hint: "Fix or remove the file (it only holds tokens; they can be fetched again).",
    });
  }
  const now = Date.now();
  const tokens = entries.map(([key, t]) => ({ ...parseStoreKey(key), ...tokenMetadata(t, now) }));
  if (json) {
    ui.out(JSON.stringify({ store: path, tokens }, null, 2));
    return 0;
  }
  if (!tokens.length) {
    ui.out(`No stored tokens in ${path}.`);
    return 0;
  }
  ui.out(`Stored tokens in ${path}:`);
  for (const [i, t] of tokens.entries()) {
    const exp = entries[i]![1].expiresAt;
    const state =
      exp === undefined ? ui.paint("green", "no expiry") : exp <= now ? ui.paint("red", `expired ${t.expiresAt ?? ""}`) : ui.paint("green", `valid, expires ${t.expiresAt ?? ""} (in ${fmtDuration(exp - now)})`);
    ui.out(`  ${ui.paint("bold", t.provider.padEnd(10))} ${t.baseUrl}  account ${t.account || "-"}`);
    ui.out(`             scopes: ${t.scopes.length ? t.scopes.join(" ") : "-"}; ${state}`);
  }
  return 0;
}
