/**
 * Tokens in the OS keyring, against a real Secret Service: Debian's gnome-keyring on a private
 * D-Bus session (dbus-run-session), installed by scripts/ensure-keyring.sh (CI and
 * scripts/test.sh call it). Also the fallbacks: the 0600 file with one notice when no keyring
 * answers, and an error when AUTH_TOKEN_STORE=keyring insists.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MetapackEmulator, startMetapackEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cleanEnv, run, tempDir } from "./helpers.js";

const have = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const missing = ["dbus-run-session", "gnome-keyring-daemon"].filter((c) => !have(c));
if (missing.length) console.warn(`keyring.test.ts: the Secret Service tests are SKIPPED — ${missing.join(" and ")} not installed; run scripts/ensure-keyring.sh (Debian: apt-get install dbus gnome-keyring).`);
const driver = fileURLToPath(new URL("./fixtures/keyring-driver.mjs", import.meta.url));

let metapack: MetapackEmulator;
beforeAll(async () => {
  metapack = await startMetapackEmulator();
});
afterAll(() => metapack?.close());

function envFor(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const props = join(home, "apiKey.properties");
  writeFileSync(props, metapack.credentials.properties);
  const env = cleanEnv(home, { METAPACK_BASE_URL: metapack.url, METAPACK_PROPERTIES: props });
  delete env.AUTH_TOKEN_STORE; // the default: the keyring when one answers
  return { ...env, ...extra };
}

interface DriverOutput {
  results: { args: string[]; code: number; stdout: string; stderr: string }[];
  snapshots: { account: string; password: string }[][];
}

/** Run auth-token commands on a private session bus with an unlocked gnome-keyring. */
function inKeyringSession(env: Record<string, string>, commands: string[][]): Promise<DriverOutput> {
  const script = `echo pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" "${driver}"`;
  return new Promise((resolve, reject) => {
    const child = spawn("dbus-run-session", ["--", "sh", "-c", script], {
      env: { ...env, DRIVER_BIN: BIN, DRIVER_COMMANDS: JSON.stringify(commands), XDG_DATA_HOME: join(env.HOME!, ".local", "share") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.on("close", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(line) as DriverOutput);
      } catch {
        reject(new Error(`driver exited ${code}: ${out}\n${err}`));
      }
    });
  });
}

describe.skipIf(missing.length > 0)("with a Secret Service (gnome-keyring on dbus-run-session)", () => {
  it("token goes to the keyring (no notice, no token file), the fast path reads it back, status says keyring, logout removes it", async () => {
    const home = tempDir();
    const env = envFor(home);
    const before = metapack.requests.count("/oauth");
    const { results, snapshots } = await inKeyringSession(env, [["metapack", "token"], ["metapack", "token"], ["status", "--json"], ["metapack", "logout"]]);
    const [first, second, status, logout] = results;
    expect(first).toMatchObject({ code: 0, stderr: "" });
    const token = first!.stdout.trim();
    expect(second!.stdout.trim()).toBe(token);
    expect(metapack.requests.count("/oauth")).toBe(before + 1);
    // In the Secret Service: one entry, keyed without any secret, holding the token.
    expect(snapshots[0]).toHaveLength(1);
    expect(snapshots[0]![0]!.account).toBe(`metapack|${metapack.url}|${metapack.credentials.apiKeyId}|default`);
    expect(JSON.parse(snapshots[0]![0]!.password).accessToken).toBe(token);
    // No token on disk: the index holds metadata only.
    const dir = join(home, ".config", "auth-token");
    expect(existsSync(join(dir, "tokens.json"))).toBe(false);
    const index = readFileSync(join(dir, "tokens.index.json"), "utf8");
    expect(index).not.toContain(token);
    expect(JSON.parse(status!.stdout).tokens).toMatchObject([{ provider: "metapack", storage: "keyring", profile: "default" }]);
    expect(logout!.code).toBe(0);
    expect(snapshots[3]).toEqual([]);
  });

  it("profiles keep two logins apart in the keyring; status shows both", async () => {
    const env = envFor(tempDir());
    const { results, snapshots } = await inKeyringSession(env, [["metapack", "login"], ["metapack", "login", "--profile", "work"], ["status", "--json"], ["status", "--json", "--profile", "work"]]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(snapshots[1]!.map((c) => c.account.split("|").at(-1)).sort()).toEqual(["default", "work"]);
    expect(JSON.parse(results[2]!.stdout).tokens.map((t: { profile: string }) => t.profile).sort()).toEqual(["default", "work"]);
    expect(JSON.parse(results[3]!.stdout).tokens.map((t: { profile: string }) => t.profile)).toEqual(["work"]);
  });
});

describe("without a keyring", () => {
  const noBus = (home: string, extra: Record<string, string> = {}) => ({ ...envFor(home, extra), DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/bus" });

  it("the 0600 file, with one notice on stderr; --insecure-storage and AUTH_TOKEN_STORE=file choose it silently", async () => {
    const home = tempDir();
    const r = await run(["metapack", "token"], { env: noBus(home) });
    expect(r.code).toBe(0);
    const notices = r.stderr.split("\n").filter((l) => l.startsWith("notice:"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("no OS keyring answers");
    expect(JSON.parse(readFileSync(join(home, ".config", "auth-token", "tokens.json"), "utf8"))).toBeTypeOf("object");
    const quiet = await run(["metapack", "token", "--force", "--insecure-storage"], { env: noBus(home) });
    expect(quiet).toMatchObject({ code: 0, stderr: "" });
    const quiet2 = await run(["metapack", "token", "--force"], { env: noBus(home, { AUTH_TOKEN_STORE: "file" }) });
    expect(quiet2).toMatchObject({ code: 0, stderr: "" });
  });

  it("AUTH_TOKEN_STORE=keyring insists: an error with a hint, as JSON with --json", async () => {
    const r = await run(["metapack", "token", "--json"], { env: noBus(tempDir(), { AUTH_TOKEN_STORE: "keyring" }) });
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stderr);
    expect(error.code).toBe("store");
    expect(error.hint).toContain("AUTH_TOKEN_STORE=file");
  });
});
