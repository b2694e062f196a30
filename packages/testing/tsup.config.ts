import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

export default defineConfig({
  ...library,
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  dts: { entry: { index: "src/index.ts" } },
  platform: "node",
  // The shebang goes on the executable only (a banner would put it on every chunk).
  async onSuccess() {
    const { readFile, writeFile, chmod } = await import("node:fs/promises");
    const text = await readFile("dist/bin.js", "utf8");
    if (!text.startsWith("#!")) await writeFile("dist/bin.js", `#!/usr/bin/env node\n${text}`);
    await chmod("dist/bin.js", 0o755);
  },
});
