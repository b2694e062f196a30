import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

export default defineConfig({
  ...library,
  entry: ["src/index.ts", "src/node.ts", "src/descriptor.ts"],
  // Keep `node:fs/promises` as written in the on-demand import of loadImagenApplication.
  removeNodeProtocol: false,
  external: [/^node:/],
});
