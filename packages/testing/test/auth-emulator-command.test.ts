// The `auth-emulator` command (issue 13, "Emulators as a tool"), run as users run it: the built
// bin in its own process, read through its one JSON line, used over real HTTP, stopped by a
// signal or by its lifetime.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, test } from "vitest";
import type { EmulatorDescription } from "../src/index.js";

const BIN = join(import.meta.dirname, "../dist/bin.js");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

interface Started {
  child: ChildProcess;
  info: EmulatorDescription;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
  stderr: () => string;
}

/** Spawn the bin, wait for its first stdout line, and parse it. */
async function start(...args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let err = "";
  child.stderr!.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exit = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    once(lines, "line").then(([l]) => l as string),
    exit.then(([code]) => {
      throw new Error(`auth-emulator exited ${code} before printing: ${err}`);
    }),
  ]);
  return { child, info: JSON.parse(first) as EmulatorDescription, exit, stderr: () => err };
}

/** Run the bin to its end: exit code, stdout, stderr. */
async function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const [code] = await once(child, "exit");
  return { code, stdout, stderr };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("auth-emulator <provider>", () => {
  test("metapack: one JSON line; its credentials get a token that the resource accepts; SIGTERM exits 0", async () => {
    const { child, info, exit, stderr } = await start("metapack", "--token-lifetime", "120");
    expect(info).toMatchObject({ provider: "metapack", cors: "*", stopsAt: null, pid: child.pid });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.endpoints).toEqual({ token: `${info.url}/oauth`, resource: `${info.url}/api/ping` });
    const { apiKeyId, apiKeySecret } = info.credentials as { apiKeyId: string; apiKeySecret: string };
    const r = await fetch(info.endpoints.token!, { method: "POST", headers: { authorization: basic(apiKeyId, apiKeySecret), ...FORM }, body: "grant_type=client_credentials" });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { access_token: string; expires_in: number };
    expect(body.expires_in).toBe(120);
    const ping = await fetch(info.endpoints.resource!, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(ping.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exit).toEqual([0, null]);
    expect(stderr()).toContain("SIGTERM, stopping");
  });

  test("--lifetime 1s: stops by itself and exits 0", async () => {
    const t0 = Date.now();
    const { info, exit } = await start("configapi", "--lifetime", "1s");
    expect(Date.parse(info.stopsAt!)).toBeGreaterThanOrEqual(t0 + 1000);
    expect(Date.parse(info.stopsAt!)).toBeLessThan(t0 + 15_000);
    expect(await exit).toEqual([0, null]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    await expect(fetch(info.url)).rejects.toThrow(TypeError); // nobody listens any more
  });

  test("SIGINT (Ctrl-C) exits 0 too; configapi's credentials work as printed", async () => {
    const { child, info, exit } = await start("configapi");
    const c = info.credentials as { clientId: string; clientSecret: string; scope: string };
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: c.clientId, client_secret: c.clientSecret, scope: c.scope });
    const r = await fetch(info.endpoints.token!, { method: "POST", headers: FORM, body: form.toString() });
    expect(r.status).toBe(200);
    child.kill("SIGINT");
    expect(await exit).toEqual([0, null]);
  });

  test("imagen, bynder and oauth2 start and describe their endpoints", async () => {
    const imagen = await start("imagen");
    expect(Object.keys(imagen.info.endpoints)).toEqual(["authorize", "token", "api", "records"]);
    expect(imagen.info.credentials).toMatchObject({ apiKey: "imagen-test-key", applicationType: "installed" });
    const authorize = new URL(imagen.info.endpoints.authorize!);
    authorize.search = new URLSearchParams({ response_type: "token", client_id: "imagen-test-key", redirect_uri: "http://localhost:5173/cb" }).toString();
    const redirect = await fetch(authorize, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(new URL(redirect.headers.get("location")!).hash).toContain("access_token=");
    const bynder = await start("bynder");
    expect(Object.keys(bynder.info.endpoints)).toEqual(["requestToken", "authorise", "accessToken", "media"]);
    expect(bynder.info.credentials).toMatchObject({ consumer: { key: expect.any(String), secret: expect.any(String) }, permanentToken: { key: expect.any(String) } });
    const oauth2 = await start("oauth2", "--port", "0");
    expect(oauth2.info.credentials).toEqual({ clientId: "test-client", clientSecret: "test-secret" });
    for (const s of [imagen, bynder, oauth2]) {
      s.child.kill("SIGTERM");
      expect(await s.exit).toEqual([0, null]);
    }
  });

  test("a port in use: exit 1 with what to do", async () => {
    const first = await start("oauth2");
    const port = new URL(first.info.url).port;
    const second = await run("oauth2", "--port", port);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr).toContain(`port ${port} is in use`);
    first.child.kill("SIGTERM");
    await first.exit;
  });

  test.each([
    [["nope"], 'unknown provider "nope"'],
    [[], "name a provider"],
    [["metapack", "bynder"], "one provider at a time"],
    [["metapack", "--lifetime", "1x"], "--lifetime: expected a whole number with a unit"],
    [["metapack", "--lifetime", "30d"], "at most 24 days"],
    [["metapack", "--port", "70000"], "--port: expected a whole number from 0 to 65535"],
    [["metapack", "--token-lifetime", "-5"], "--token-lifetime"],
    [["metapack", "--cors=http://localhost:5173/app"], "--cors: CORS origin must be scheme://host[:port]"],
    [["metapack", "--cors", "--no-cors"], "contradict"],
    [["metapack", "--verbose"], "Unknown option '--verbose'"],
  ])("usage error %j: exit 2, nothing on stdout", async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Usage: auth-emulator <provider>");
  });

  test("--help prints the usage on stdout, exit 0", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--lifetime DURATION");
  });
});

describe("CORS over real HTTP, as the command serves it", () => {
  const preflight = (url: string, origin = "http://localhost:5173") =>
    fetch(url, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-trace-id" },
    });

  test("on by default: a preflight gets 204 with origin, methods, headers (authorization, content-type) and max age; responses carry the origin", async () => {
    const { info, child, exit } = await start("metapack");
    const p = await preflight(info.endpoints.token!);
    expect(p.status).toBe(204);
    expect(p.headers.get("access-control-allow-origin")).toBe("*");
    expect(p.headers.get("access-control-allow-methods")).toContain("POST");
    expect(p.headers.get("access-control-allow-headers")).toBe("authorization, content-type, x-trace-id");
    expect(p.headers.get("access-control-max-age")).toBe("600");
    const ping = await fetch(info.endpoints.resource!, { headers: { origin: "http://localhost:5173" } });
    expect(ping.status).toBe(401);
    expect(ping.headers.get("access-control-allow-origin")).toBe("*");
    // A browser only lets the page read WWW-Authenticate (the insufficient_scope check) when exposed.
    expect(ping.headers.get("access-control-expose-headers")).toContain("www-authenticate");
    child.kill("SIGTERM");
    await exit;
  });

  test("--cors=ORIGIN: that origin only, with Vary: Origin; a malformed header list is not echoed", async () => {
    const { info, child, exit } = await start("configapi", "--cors=http://localhost:5173");
    const p = await preflight(info.endpoints.token!);
    expect(p.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(p.headers.get("vary")).toBe("Origin");
    const bad = await fetch(info.endpoints.token!, { method: "OPTIONS", headers: { "access-control-request-method": "POST", "access-control-request-headers": "authorization, a b" } });
    expect(bad.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    const r = await fetch(info.endpoints.token!, { method: "POST", headers: FORM, body: "grant_type=client_credentials" });
    expect(r.status).toBe(400);
    expect(r.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    child.kill("SIGTERM");
    await exit;
  });

  test("--no-cors: no preflight answer and no CORS headers, as a server-to-server API", async () => {
    const { info, child, exit } = await start("imagen", "--no-cors");
    expect(info.cors).toBe(false);
    const p = await preflight(`${info.endpoints.api}/records`);
    expect(p.status).not.toBe(204);
    expect(p.headers.get("access-control-allow-origin")).toBeNull();
    const r = await fetch(`${info.endpoints.api}/records`);
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
    child.kill("SIGTERM");
    await exit;
  });
});
