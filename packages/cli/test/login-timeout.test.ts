// `--timeout` of `auth-token <provider> login`: a negative value is a clear usage error (not
// parseArgs's "ambiguous"), and a very long one (3 000 000 s, past setTimeout's 2^31 ms)
// waits instead of failing at once with a TimeoutOverflowWarning.
import { type ImagenEmulator, startImagenEmulator } from "@auth/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinNegativeValues } from "../src/negative-values.js";
import { cleanEnv, run, spawnInteractive, tempDir } from "./helpers.js";

let imagen: ImagenEmulator;
beforeAll(async () => {
  imagen = await startImagenEmulator();
});
afterAll(async () => {
  await imagen?.close();
});

const env = () => cleanEnv(tempDir(), { IMAGEN_BASE_URL: imagen.url, IMAGEN_API_KEY: imagen.credentials.apiKey });

describe("auth-token imagen login --timeout", () => {
  it.each([["-5"], ["-0.5"], ["0"], ["abc"]])("--timeout %s says it must be a positive number of seconds, with a hint", async (value) => {
    const r = await run(["imagen", "login", "--no-browser", "--timeout", value], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--timeout must be a positive number of seconds");
    expect(r.stderr).toContain("--timeout 300");
    expect(r.stderr).not.toContain("ambiguous");
  });

  it("--timeout 3000000 waits for the browser instead of failing at once", async () => {
    const { child, url, done } = spawnInteractive(["imagen", "login", "--redirect", "localhost", "--no-browser", "--timeout", "3000000"], env());
    expect(await url).toContain("/oauth/authorize");
    await new Promise((r) => setTimeout(r, 500));
    expect(child.exitCode).toBe(null); // still waiting
    child.kill();
    const r = await done;
    expect(r.stderr).not.toContain("TimeoutOverflowWarning");
    expect(r.stderr).not.toMatch(/No redirect arrived/);
  });
});

describe("joinNegativeValues", () => {
  const specs = { timeout: { type: "string" as const }, port: { type: "string" as const }, json: { type: "boolean" as const }, help: { type: "boolean" as const, short: "h" } };
  it("joins a negative number to the option that takes a value, and nothing else", () => {
    expect(joinNegativeValues(["login", "--timeout", "-5", "--port", "-.5", "--json"], specs)).toEqual(["login", "--timeout=-5", "--port=-.5", "--json"]);
    expect(joinNegativeValues(["--timeout", "-x", "--json", "-5"], specs)).toEqual(["--timeout", "-x", "--json", "-5"]);
    expect(joinNegativeValues(["--timeout", "-", "--", "--timeout", "-5"], specs)).toEqual(["--timeout", "-", "--", "--timeout", "-5"]);
    expect(joinNegativeValues(["--timeout"], specs)).toEqual(["--timeout"]);
  });
});
