import type { EmulatorCommand } from "./bin-args.js";
import { startBynderEmulator } from "./bynder-emulator.js";
import { startConfigApiEmulator } from "./configapi-emulator.js";
import { startOAuth2Emulator } from "./generic-oauth2-emulator.js";
import { startImagenEmulator } from "./imagen-emulator.js";
import { startMetapackEmulator } from "./metapack-emulator.js";
import type { EmulatorServerOptions } from "./server-options.js";

/** A started emulator as the command describes it: the JSON line and how to stop it. */
export interface RunningEmulator {
  /** What `auth-emulator` prints: provider, url, endpoints and the emulator's test credentials. */
  readonly description: EmulatorDescription;
  close(): Promise<void>;
}

/** The one JSON line `auth-emulator` prints on stdout. */
export interface EmulatorDescription {
  provider: string;
  /** The base URL (`baseUrl` of the client). */
  url: string;
  /** Every endpoint of the emulator, by name. */
  endpoints: Record<string, string>;
  /** The emulator's test credentials (generated or the provider documents' examples; never real ones). */
  credentials: Record<string, unknown>;
  /** `*`, the one allowed origin, or false. */
  cors: string | false;
  /** When the emulator stops by itself (ISO 8601), or null: when stopped. */
  stopsAt: string | null;
  pid: number;
}

/** Start the emulator a parsed `auth-emulator` command names. The command, not the server, enforces the lifetime. */
export async function startEmulatorFor(cmd: EmulatorCommand, now = Date.now()): Promise<RunningEmulator> {
  const server: EmulatorServerOptions = { port: cmd.port, maxLifetimeMs: Number.POSITIVE_INFINITY, cors: cmd.cors };
  const tokenLifetime = cmd.tokenLifetimeSeconds === undefined ? {} : { tokenLifetimeSeconds: cmd.tokenLifetimeSeconds };
  const describe = (url: string, endpoints: Record<string, string>, credentials: Record<string, unknown>): EmulatorDescription => ({
    provider: cmd.provider,
    url,
    endpoints,
    credentials,
    cors: cmd.cors,
    stopsAt: cmd.lifetimeMs === undefined ? null : new Date(now + cmd.lifetimeMs).toISOString(),
    pid: process.pid,
  });
  switch (cmd.provider) {
    case "metapack": {
      const e = await startMetapackEmulator({ ...server, ...tokenLifetime });
      return { description: describe(e.url, { token: e.tokenUrl, resource: e.resourceUrl }, e.credentials), close: () => e.close() };
    }
    case "configapi": {
      const e = await startConfigApiEmulator({ ...server, ...tokenLifetime });
      return { description: describe(e.url, { token: e.tokenUrl, resource: e.resourceUrl }, e.credentials), close: () => e.close() };
    }
    case "oauth2": {
      const e = await startOAuth2Emulator({ ...server, ...tokenLifetime });
      return { description: describe(e.url, { token: e.tokenUrl, resource: e.resourceUrl }, e.credentials), close: () => e.close() };
    }
    case "imagen": {
      const e = await startImagenEmulator({ ...server, ...tokenLifetime });
      const endpoints = { authorize: e.authorizeUrl, token: e.tokenUrl, api: e.apiUrl, records: `${e.apiUrl}/records` };
      const credentials = { ...e.credentials, applicationType: "installed", grantedScopes: ["readUsersData", "modifyUsersData"] };
      return { description: describe(e.url, endpoints, credentials), close: () => e.close() };
    }
    case "bynder": {
      const lifetime = cmd.tokenLifetimeSeconds === undefined ? {} : { accessTokenLifetimeMs: cmd.tokenLifetimeSeconds * 1000 };
      const e = await startBynderEmulator({ ...server, ...lifetime });
      const endpoints = { ...e.handshakeUrls, media: e.mediaUrl };
      return { description: describe(e.url, endpoints, { ...e.credentials }), close: () => e.close() };
    }
  }
}
