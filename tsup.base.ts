import type { Options } from "tsup";

/**
 * The build every package shares: ESM + .d.ts + source maps for Node >= 22, platform neutral
 * (entries that need Node say so with `node:` imports). Package configs add their entries.
 */
export const library = {
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node22",
  platform: "neutral",
  splitting: true,
} satisfies Options;
