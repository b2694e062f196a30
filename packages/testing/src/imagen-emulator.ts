import type { Emulator } from "./emulator.js";
import { startServer, type TestServer } from "./http-server.js";
import { authorizeEndpoint } from "./imagen/authorize-endpoint.js";
import { recordsApi } from "./imagen/records-api.js";
import type { ImagenRecord, ImagenState } from "./imagen/state.js";
import { tokenEndpoint } from "./imagen/token-endpoint.js";
import { type EmulatorServerOptions, serverOptions } from "./server-options.js";
import { type TokenEndpointFault, tokenFaults } from "./token-faults.js";
import { TokenIssuer } from "./token-issuer.js";

export type { ImagenRecord } from "./imagen/state.js";

/**
 * Options of {@link startImagenEmulator}. Everything the Imagen documents
 * (docs/providers.md#imagen-bearer-token-url, docs/providers.md#imagen-applications) leave open is an emulator choice, named here.
 */
export interface ImagenEmulatorOptions extends EmulatorServerOptions {
  /** The application's API key (`client_id`). Default `imagen-test-key`. */
  apiKey?: string;
  /** The application's secret. Default `imagen-test-secret`. */
  apiSecret?: string;
  /** Default `installed`. */
  applicationType?: "web" | "installed";
  /**
   * The registered redirect URI: for `web`, the https URL (default `https://app.example.com/callback`);
   * for `installed`, an optional custom-scheme URI allowed besides the reserved ones.
   */
  redirectUri?: string;
  /** Scopes an administrator granted the app. Default `readUsersData modifyUsersData` (the document's default). */
  grantedScopes?: string[];
  /** What the user answers at the authorization page. Default `approve`. */
  consent?: "approve" | "deny";
  /** Access token lifetime, seconds. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Issue refresh tokens with codes exchanged. Default true. */
  refreshTokens?: boolean;
  /** Accept `http://localhost` on any port (RFC 8252 §7.3), not only port 80. Default true. */
  loopbackAnyPort?: boolean;
  /** Token endpoint path (not in the documents). Default `/oauth/token`. */
  tokenPath?: string;
  clock?: () => number;
}

/** Faults of the machinery, the token faults (`expireTokens`, `revokeTokens`, `badTokenResponse`), and `disableApplication`. */
export type ImagenFault = TokenEndpointFault | { kind: "disableApplication" };

/** The application's key and secret an Imagen emulator accepts. */
export type ImagenCredentials = {
  apiKey: string;
  apiSecret: string;
};

/** A running Imagen emulator: the {@link Emulator} shape and these extras. */
export interface ImagenEmulator extends Emulator<ImagenCredentials, ImagenFault> {
  /** `{url}/oauth/authorize`. */
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** `{url}/api/v1`: records, media, collections, jobs, workflows, users, groups. */
  readonly apiUrl: string;
  readonly issuer: TokenIssuer;
  readonly records: Map<string, ImagenRecord>;
  readonly enabled: boolean;
  /** The administrator's switch: a disabled app cannot authorize or get tokens, and its tokens stop working. */
  setEnabled(enabled: boolean): void;
  setConsent(consent: "approve" | "deny"): void;
  setGrantedScopes(scopes: string[]): void;
}

/**
 * An Imagen server on 127.0.0.1: `/oauth/authorize` (implicit and code grants, redirect URIs
 * checked against the app type, scopes against the granted ones), the token endpoint (code
 * exchange, refresh), an enable switch, and scope-guarded REST resources under `/api/v1`
 * answering RFC 6750 challenges. Responses are UTF-8 with an explicit charset.
 */
export async function startImagenEmulator(options: ImagenEmulatorOptions = {}): Promise<ImagenEmulator> {
  const applicationType = options.applicationType ?? "installed";
  const tokenPath = options.tokenPath ?? "/oauth/token";
  const clock = options.clock ?? Date.now;
  const state: ImagenState = {
    credentials: { apiKey: options.apiKey ?? "imagen-test-key", apiSecret: options.apiSecret ?? "imagen-test-secret" },
    applicationType,
    registeredRedirectUri: options.redirectUri ?? (applicationType === "web" ? "https://app.example.com/callback" : undefined),
    loopbackAnyPort: options.loopbackAnyPort !== false,
    refreshTokens: options.refreshTokens !== false,
    clock,
    issuer: new TokenIssuer({ lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600, clock }),
    codes: new Map(),
    records: new Map(),
    granted: [...(options.grantedScopes ?? ["readUsersData", "modifyUsersData"])],
    consent: options.consent ?? "approve",
    enabled: true,
  };
  const faults = tokenFaults<{ kind: "disableApplication" }>(state.issuer, () => server, {
    disableApplication: () => {
      state.enabled = false;
    },
  });
  const server: TestServer = await startServer((ctx) => {
    const path = ctx.url.pathname;
    if (path === "/oauth/authorize") return authorizeEndpoint(state, ctx);
    if (path === tokenPath) return tokenEndpoint(state, ctx, faults.spoil);
    recordsApi(state, ctx);
  }, serverOptions(options));
  return {
    url: server.url,
    authorizeUrl: `${server.url}/oauth/authorize`,
    tokenUrl: server.url + tokenPath,
    apiUrl: `${server.url}/api/v1`,
    credentials: state.credentials,
    requests: server.requests,
    issuer: state.issuer,
    records: state.records,
    get enabled() {
      return state.enabled;
    },
    setEnabled(on) {
      state.enabled = on;
    },
    setConsent(c) {
      state.consent = c;
    },
    setGrantedScopes(s) {
      state.granted = [...s];
    },
    setFault: faults.setFault,
    close: () => server.close(),
  };
}
