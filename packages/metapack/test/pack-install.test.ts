// The package installs and works alone: pack @auth/core and @auth/metapack as they would be
// published, install the tarballs with npm into an empty folder (ky comes from the registry),
// and get a token from the emulator in a separate Node process.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMetapackEmulator } from "@auth/testing";
import { afterAll, expect, test } from "vitest";
import { type InstalledApp, packAndInstall } from "../../../test-utils/pack-install.js";

let app: InstalledApp | undefined;
afterAll(() => app?.remove());

test("pnpm pack + npm install into an empty folder, then a token request", { timeout: 180_000 }, async () => {
  app = await packAndInstall(["core", "metapack"]);
  // Ours, not the unrelated @auth/core of the public registry.
  expect(app.manifest("@auth/core").description).toMatch(/@auth provider packages/);
  const emu = await startMetapackEmulator();
  try {
    writeFileSync(join(app.dir, "apiKey.properties"), emu.credentials.properties);
    const stdout = await app.node(
      "main.mjs",
      // The main entry on Node reads the file (the "node" export condition); client() resolves
      // a relative URL against baseUrl and keeps an absolute one.
      `import { createMetapackAuth } from "@auth/metapack";
const auth = createMetapackAuth({ baseUrl: process.argv[2], propertiesFile: "apiKey.properties" });
const token = await auth.getToken();
const ping = await auth.client().get(process.argv[2] + "/api/ping").json();
const relative = await auth.client().get("api/ping").json();
console.log(JSON.stringify({ tokenType: token.tokenType, ping, same: JSON.stringify(relative) === JSON.stringify(ping) }));`,
      [emu.url],
    );
    expect(JSON.parse(stdout)).toEqual({ tokenType: "bearer", ping: { ok: true, apiKeyId: emu.credentials.apiKeyId, method: "GET" }, same: true });
    expect(emu.requests.count("/oauth")).toBe(1);
  } finally {
    await emu.close();
  }
});
