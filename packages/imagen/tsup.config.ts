import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node22",
  platform: "neutral",
  splitting: true,
  // Keep `node:fs/promises` as written in the on-demand import of loadImagenApplication.
  removeNodeProtocol: false,
  external: [/^node:/],
});
