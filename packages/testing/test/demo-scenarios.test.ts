/**
 * The demo scenarios a generic tool (`auth-token demo`) drives providers with: each starts a
 * real emulator, gives settings built from it, never puts a secret in its text, and its
 * request path is one the emulator serves. (The CLI's demo test drives each one through the
 * provider's descriptor end to end.)
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_SCENARIOS, type DemoRun, demoScenario } from "../src/index.js";

const started: DemoRun[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
});

describe("demo scenarios", () => {
  it("one per built-in provider, keyed by its name; none for other names (not even inherited ones)", () => {
    expect(Object.keys(DEMO_SCENARIOS).sort()).toEqual(["bynder", "configapi", "imagen", "metapack"]);
    for (const [name, s] of Object.entries(DEMO_SCENARIOS)) expect(s.provider).toBe(name);
    expect(demoScenario("example")).toBeUndefined();
    expect(demoScenario("toString")).toBeUndefined();
    expect(demoScenario("__proto__")).toBeUndefined();
  });

  for (const name of Object.keys(DEMO_SCENARIOS)) {
    for (const purpose of ["walkthrough", "serve"] as const) {
      it(`${name} (${purpose}): settings from the running emulator, secrets kept out of the text`, async () => {
        const run = await DEMO_SCENARIOS[name]!.start(purpose);
        started.push(run);
        expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(run.settings.baseUrl).toBe(run.url);
        expect(run.secrets.length).toBeGreaterThan(0);
        const text = [run.intro, run.flow, run.atBrowser ?? "", run.tokenNote ?? "", run.done ?? "", run.request.describe].join("\n");
        for (const secret of run.secrets) {
          expect(secret.length).toBeGreaterThanOrEqual(4);
          expect(text).not.toContain(secret);
        }
        expect(text).toContain("[redacted]");
        // Without credentials the request path is refused (401), so it exists and is protected.
        const res = await fetch(`${run.url}${run.request.path}`, { method: run.request.method, ...(run.request.body === undefined ? {} : { body: run.request.body, headers: run.request.headers }) });
        expect(res.status).toBe(401);
      });
    }
  }

  it("bynder: serve gives a permanent token (requests work at once), the walkthrough does not (it shows the handshake)", async () => {
    const walk = await DEMO_SCENARIOS.bynder!.start("walkthrough");
    const serve = await DEMO_SCENARIOS.bynder!.start("serve");
    started.push(walk, serve);
    expect(walk.settings.tokenKey).toBeUndefined();
    expect(serve.settings.tokenKey).toMatch(/\S/);
    expect(serve.secrets).toContain(serve.settings.tokenSecret);
  });
});
