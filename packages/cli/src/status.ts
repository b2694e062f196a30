import { telemetrySnapshot } from "@auth/core/telemetry";
import { readIndex, type StoreLocation } from "./store.js";
import { tokenMetadata } from "./token-output.js";
import { fmtDuration, type Ui } from "./ui.js";

/**
 * `auth-token status`: each stored token's provider, base URL, account, profile, storage,
 * scopes and expiry, from the index; never a value. `only`: one profile's. `--json` adds
 * `telemetry`: this process's token counts (`telemetrySnapshot()` of `@auth/core/telemetry`).
 */
export function status(location: StoreLocation, json: boolean, ui: Ui, only?: string): number {
  const now = Date.now();
  const entries = readIndex(location.indexPath).filter(([, e]) => only === undefined || e.profile === only);
  const tokens = entries.map(([, e]) => ({
    provider: e.provider,
    baseUrl: e.baseUrl,
    account: e.account,
    profile: e.profile,
    storage: e.backend,
    ...tokenMetadata({ accessToken: "", tokenType: e.tokenType, scopes: e.scopes, ...(e.expiresAt === undefined ? {} : { expiresAt: e.expiresAt }), ...(e.issuedAt === undefined ? {} : { issuedAt: e.issuedAt }) }, now),
  }));
  if (json) {
    // This process's token counts (@auth/core's telemetry: the same as its OpenTelemetry metrics); the light entry, not core.
    ui.out(JSON.stringify({ index: location.indexPath, tokens, telemetry: telemetrySnapshot() }, null, 2));
    return 0;
  }
  if (!tokens.length) {
    ui.out(`No stored tokens${only ? ` in profile ${only}` : ""} (index ${location.indexPath}).`);
    return 0;
  }
  ui.out(`Stored tokens (index ${location.indexPath}):`);
  for (const [i, t] of tokens.entries()) {
    const exp = entries[i]![1].expiresAt;
    const state =
      exp === undefined ? ui.paint("green", "no expiry") : exp <= now ? ui.paint("red", `expired ${t.expiresAt ?? ""}`) : ui.paint("green", `valid, expires ${t.expiresAt ?? ""} (in ${fmtDuration(exp - now)})`);
    ui.out(`  ${ui.paint("bold", t.provider.padEnd(10))} ${t.baseUrl}  account ${t.account || "-"}  profile ${t.profile}  in ${t.storage === "keyring" ? "the OS keyring" : "the token file"}`);
    ui.out(`             scopes: ${t.scopes.length ? t.scopes.join(" ") : "-"}; ${state}`);
  }
  return 0;
}
