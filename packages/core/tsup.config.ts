import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default defineConfig({
  ...library,
  entry: ["src/index.ts", "src/node.ts", "src/oauth1.ts", "src/telemetry.ts"],
  // The instrumentation scope's version (telemetry/instruments.ts).
  define: { __AUTH_CORE_VERSION__: JSON.stringify(version) },
});
