import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

export default defineConfig({
  ...library,
  entry: ["src/index.ts", "src/node-entry.ts", "src/node.ts", "src/descriptor.ts"],
});
