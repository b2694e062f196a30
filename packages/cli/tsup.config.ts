import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

// One build: bin and library share chunks; each provider adapter, `commands`, `status` and
// `demo` are separate chunks loaded on demand, so `--help` and the stored-token fast path
// load only the entry chunk and node builtins.
export default defineConfig({
  entry: { bin: "src/bin.ts", index: "src/index.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: false, // as tsup.base.ts says why
  clean: true,
  target: "node22",
  platform: "node",
  splitting: true,
  define: { __VERSION__: JSON.stringify(version) },
  // The shebang goes on the executable only (a banner would put it on every chunk).
  async onSuccess() {
    const { readFile, writeFile, chmod } = await import("node:fs/promises");
    const text = await readFile("dist/bin.js", "utf8");
    if (!text.startsWith("#!")) await writeFile("dist/bin.js", `#!/usr/bin/env node\n${text}`);
    await chmod("dist/bin.js", 0o755);
  },
});
