import type { CorsOption } from "./cors.js";
import type { StartServerOptions } from "./http-server.js";

/** Options every emulator factory takes for its HTTP server. */
export interface EmulatorServerOptions {
  /** Fixed port; default 0 (a free one). Always bound to 127.0.0.1. */
  port?: number;
  /**
   * Stop by itself after this long (ms), so a forgotten emulator never outlives a test run.
   * Default 10 minutes; `Infinity` runs until `close()`.
   */
  maxLifetimeMs?: number;
  /**
   * Answer CORS preflights and send `Access-Control-Allow-Origin`, for code running in a browser:
   * `true` any origin, a string that origin. Default false (the `auth-emulator` command turns it on).
   */
  cors?: CorsOption;
}

/** The server part of an emulator's options, for {@link startServer}. */
export function serverOptions(options: EmulatorServerOptions): StartServerOptions {
  const out: StartServerOptions = {};
  if (options.port !== undefined) out.port = options.port;
  if (options.maxLifetimeMs !== undefined) out.maxLifetimeMs = options.maxLifetimeMs;
  if (options.cors !== undefined) out.cors = options.cors;
  return out;
}
