import type { Options } from "tsup";

/**
 * The build every package shares: ESM + .d.ts for Node >= 22, platform neutral (entries that
 * need Node say so with `node:` imports). Package configs add their entries.
 * No source maps: the output is unminified, readable ESM with the sources' names, so a stack
 * trace points at code a reader can follow; maps with `sourcesContent` were over half of each
 * tarball, and maps without it would point at `src/` files the tarball does not ship.
 */
export const library = {
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node22",
  platform: "neutral",
  splitting: true,
} satisfies Options;
