// The package installs and works alone: pack @auth/core and @auth/configapi as they would be
// published, install the tarballs with npm into an empty folder (ky comes from the registry),
// and get a token from the emulator in a separate Node process.
import { startConfigApiEmulator } from "@auth/testing";
import { afterAll, expect, test } from "vitest";
import { type InstalledApp, packAndInstall } from "../../../test-utils/pack-install.js";

let app: InstalledApp | undefined;
afterAll(() => app?.remove());

test("pnpm pack + npm install into an empty folder, then a token request", { timeout: 180_000 }, async () => {
  app = await packAndInstall(["core", "configapi"]);
  // Ours, not the unrelated @auth/core of the public registry.
  expect(app.manifest("@auth/core").description).toMatch(/@auth provider packages/);
  const emu = await startConfigApiEmulator();
  try {
    const stdout = await app.node(
      "main.mjs",
      `import { createConfigApiAuth } from "@auth/configapi";
const [url, clientId, clientSecret] = process.argv.slice(2);
const auth = createConfigApiAuth({ baseUrl: url, clientId, clientSecret });
const token = await auth.getToken();
const ping = await auth.client().get(url + "/api/ping").json();
console.log(JSON.stringify({ tokenType: token.tokenType, ping }));`,
      [emu.url, emu.credentials.clientId, emu.credentials.clientSecret],
    );
    expect(JSON.parse(stdout)).toEqual({ tokenType: "Bearer", ping: { ok: true, clientId: emu.credentials.clientId, method: "GET" } });
    expect(emu.requests.count("/configapi/v2/oauth/token")).toBe(1);
  } finally {
    await emu.close();
  }
});
