/**
 * Demo scenarios: for each emulator, what a generic tool (the `auth-token demo`) needs to walk
 * a provider through it: start the emulator, the provider's settings (by the names in the
 * provider's descriptor) built from the emulator's URL and test credentials, one authenticated
 * request the emulator answers, and the walkthrough text. Keyed by provider name, so the tool
 * needs no knowledge of any provider; the emulators still import no client package.
 */
import { startBynderEmulator } from "./bynder-emulator.js";
import { startConfigApiEmulator } from "./configapi-emulator.js";
import { startImagenEmulator } from "./imagen-emulator.js";
import { startMetapackEmulator } from "./metapack-emulator.js";
import type { RequestLog } from "./request-log.js";

/** Why a scenario starts its emulator: a one-shot walkthrough, or `demo --serve` (settings a user can export). */
export type DemoPurpose = "walkthrough" | "serve";

/** The one authenticated request of a walkthrough. */
export interface DemoRequest {
  readonly method: string;
  /** Path and query, resolved against the emulator's URL. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A form body, already encoded. */
  readonly body?: string;
  /** How it is authorized, for the summary: `authenticated` or `signed`. */
  readonly kind: "authenticated" | "signed";
  /** One line saying what the request is. */
  readonly describe: string;
}

/** A started scenario: the emulator, the settings it gives and the walkthrough text. Never prints a secret by itself. */
export interface DemoRun {
  /** The emulator's base URL. */
  readonly url: string;
  /** Every request the emulator received, to show as the walkthrough goes. */
  readonly requests: RequestLog;
  /** Settings by the provider descriptor's setting names (values, secrets included: mask them). */
  readonly settings: Readonly<Record<string, string>>;
  /** Files to write before use: setting name → file name and content; the setting gets the path. */
  readonly files?: Readonly<Record<string, { readonly name: string; readonly content: string }>>;
  /** Secrets among the settings and files: a tool masks them in everything it prints. */
  readonly secrets: readonly string[];
  /** One line on the emulator's credentials, secrets written as `[redacted]`. */
  readonly intro: string;
  /** What getting a token does, one line. */
  readonly flow: string;
  /** Said once the authorization page's URL is ready (interactive flows), before the browser opens it. */
  readonly atBrowser?: string;
  /** Said after the token request, e.g. a quirk of the answer. */
  readonly tokenNote?: string;
  /** The summary's first words, e.g. `handshake done, `. */
  readonly done?: string;
  readonly request: DemoRequest;
  close(): Promise<void>;
}

/** A scenario for one provider's emulator. */
export interface DemoScenario {
  /** The provider's command-line name, as in its descriptor. */
  readonly provider: string;
  start(purpose: DemoPurpose): Promise<DemoRun>;
}

const ping = (describe = "one authenticated request: GET /api/ping with Authorization: Bearer"): DemoRequest => ({ method: "GET", path: "/api/ping", kind: "authenticated", describe });

const metapack: DemoScenario = {
  provider: "metapack",
  async start() {
    const e = await startMetapackEmulator();
    const c = e.credentials;
    return {
      url: e.url,
      requests: e.requests,
      settings: { baseUrl: e.url },
      files: { properties: { name: "apiKey.properties", content: c.properties } },
      secrets: [c.apiKeySecret],
      intro: `API key from apiKey.properties: apiKey.id=${c.apiKeyId}, apiKey.secret=[redacted]`,
      flow: "get a token: POST /oauth, HTTP Basic of the raw id:secret, grant_type=client_credentials",
      request: ping(),
      close: () => e.close(),
    };
  },
};

const configapi: DemoScenario = {
  provider: "configapi",
  async start() {
    const e = await startConfigApiEmulator();
    const c = e.credentials;
    return {
      url: e.url,
      requests: e.requests,
      settings: { baseUrl: e.url, clientId: c.clientId, clientSecret: c.clientSecret, scope: c.scope },
      secrets: [c.clientSecret],
      intro: `login ID ${c.clientId}, API secret [redacted], tenant (scope) ${c.scope}`,
      flow: "get a token: POST /configapi/v2/oauth/token with grant_type, client_id, client_secret, scope in the form body",
      tokenNote: `(the answer has expires_in as a string, "3599", as documented)`,
      request: ping(),
      close: () => e.close(),
    };
  },
};

const bynder: DemoScenario = {
  provider: "bynder",
  async start(purpose) {
    const e = await startBynderEmulator();
    const { consumer, permanentToken } = e.credentials;
    // The walkthrough shows the handshake, so no permanent token; `serve` gives one so requests work at once.
    const token: Record<string, string> = purpose === "serve" ? { tokenKey: permanentToken.key, tokenSecret: permanentToken.secret } : {};
    return {
      url: e.url,
      requests: e.requests,
      settings: { baseUrl: e.url, consumerKey: consumer.key, consumerSecret: consumer.secret, ...token },
      secrets: [consumer.secret, permanentToken.secret],
      intro: `consumer key ${consumer.key}, consumer secret [redacted]`,
      flow: "three-legged handshake (temporary token, 30 days): request token, authorise in the browser, access token",
      atBrowser: "request token (its secret [redacted]), valid 10 minutes; authorise URL ready",
      done: "handshake done, ",
      request: {
        method: "POST",
        path: "/api/v4/media/?type=image",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ title: "Summer sale", tags: "a+b" }).toString(),
        kind: "signed",
        describe: "one signed request with query and form data: POST /api/v4/media/?type=image with title=Summer sale, tags=a+b",
      },
      close: () => e.close(),
    };
  },
};

const imagen: DemoScenario = {
  provider: "imagen",
  async start() {
    const e = await startImagenEmulator({ refreshTokens: true });
    const c = e.credentials;
    return {
      url: e.url,
      requests: e.requests,
      settings: { baseUrl: e.url, apiKey: c.apiKey, apiSecret: c.apiSecret, redirect: "localhost", responseType: "code" },
      secrets: [c.apiSecret],
      intro: `installed application, API key ${c.apiKey}, secret [redacted]`,
      flow: "authorization code flow with a loopback listener (RFC 8252), scopes readUsersData modifyUsersData",
      done: "code flow done, ",
      request: { method: "GET", path: "/api/v1/records", kind: "authenticated", describe: "one authenticated request: GET /api/v1/records with Authorization: Bearer" },
      close: () => e.close(),
    };
  },
};

/** The scenarios, by provider name: one per built-in provider's emulator. */
export const DEMO_SCENARIOS: Readonly<Record<string, DemoScenario>> = Object.freeze({ metapack, configapi, bynder, imagen });

/** The scenario for a provider name, or undefined when no emulator plays that provider. */
export function demoScenario(provider: string): DemoScenario | undefined {
  return Object.hasOwn(DEMO_SCENARIOS, provider) ? DEMO_SCENARIOS[provider] : undefined;
}
