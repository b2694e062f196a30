// Item 7 of issue 10: parallel `auth-token` runs that share one store file keep every entry
// (before the file lock, 6 of 48 were lost). Each run talks to its own emulator, so each
// writes its own key; all start at once.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MetapackEmulator, startMetapackEmulator } from "@auth/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cleanEnv, run, tempDir } from "./helpers.js";

const RUNS = 16;
let emulators: MetapackEmulator[] = [];
let home: string;

beforeAll(async () => {
  emulators = await Promise.all(Array.from({ length: RUNS }, () => startMetapackEmulator()));
  home = tempDir();
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

it(`${RUNS} parallel auth-token runs against one --store file: no entry lost`, async () => {
  const store = join(home, "shared", "tokens.json");
  const results = await Promise.all(
    emulators.map((e, i) => {
      const props = join(home, `apiKey-${i}.properties`);
      writeFileSync(props, e.credentials.properties);
      return run(["metapack", "token", "--store", store], { env: cleanEnv(home, { METAPACK_BASE_URL: e.url, METAPACK_PROPERTIES: props }), timeoutMs: 60_000 });
    }),
  );
  for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
  const data = JSON.parse(readFileSync(store, "utf8")) as Record<string, unknown>;
  const lost = emulators.filter((e) => !Object.keys(data).some((k) => k.includes(new URL(e.url).host)));
  expect(lost.map((e) => e.url)).toEqual([]);
  expect(Object.keys(data)).toHaveLength(RUNS);
}, 120_000);
