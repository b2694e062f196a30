import { HANDSHAKE_PATHS, handshakeRoutes } from "./bynder/handshake-routes.js";
import { MEDIA_PATH, mediaRoutes } from "./bynder/media-routes.js";
import { createRequestVerifier, type VerifierState } from "./bynder/request-verifier.js";
import { type BynderKeyPair, BynderTokenStore, randomKeyPair } from "./bynder/token-store.js";
import { type Emulator, routeFaults } from "./emulator.js";
import type { Fault } from "./faults.js";
import { startServer, type TestServer } from "./http-server.js";
import { type EmulatorServerOptions, serverOptions } from "./server-options.js";

export type { BynderKeyPair } from "./bynder/token-store.js";

export interface BynderEmulatorOptions extends EmulatorServerOptions {
  /** The consumer (pysettings > API tokens > Create new consumer). Default: random. */
  consumer?: BynderKeyPair;
  /** A permanent token for that consumer (no expiry). Default: random. */
  permanentToken?: BynderKeyPair;
  /** Request token validity, ms. Default 10 minutes (docs/providers.md#bynder-handshake, step 1). */
  requestTokenLifetimeMs?: number;
  /** Access token validity, ms. Default 30 days (docs/providers.md#bynder-tokens). */
  accessTokenLifetimeMs?: number;
  /** Accepted clock difference of `oauth_timestamp`, ms. Default 10 minutes. */
  timestampWindowMs?: number;
  /** The emulator's time (epoch ms). Default Date.now. Also sent as the `Date` header. */
  clock?: () => number;
}

/** Bynder's own faults, beside those of {@link Fault}. */
export type BynderOwnFault =
  /** Every issued temporary token (request and access) expires now. */
  | { kind: "expireTokens" }
  /** Every token is revoked (as in the portal); the permanent one too. */
  | { kind: "revokeTokens" }
  /** The consumer is deleted in the portal (until `setFault(null)`). */
  | { kind: "disableConsumer" }
  /** The token's user loses permission: the API answers 401 permission_denied (until `setFault(null)`). */
  | { kind: "denyPermission" };

/** Faults of {@link Fault}, plus Bynder-specific misbehaviour. */
export type BynderFault = Fault | BynderOwnFault;

/** What a Bynder client is given: the consumer and a permanent token for it. */
export type BynderCredentials = {
  consumer: BynderKeyPair;
  permanentToken: BynderKeyPair;
};

/** A running Bynder emulator: the {@link Emulator} shape and these extras. */
export interface BynderEmulator extends Emulator<BynderCredentials, BynderFault> {
  /** @deprecated Use `credentials.consumer`. */
  readonly consumer: BynderKeyPair;
  /** @deprecated Use `credentials.permanentToken`. */
  readonly permanentToken: BynderKeyPair;
  /** `GET/POST {url}/api/v4/media/`: the protected resource. */
  readonly mediaUrl: string;
  /** The handshake's endpoints (RFC 5849 §2): `requestToken`, `authorise`, `accessToken`. */
  readonly handshakeUrls: { readonly requestToken: string; readonly authorise: string; readonly accessToken: string };
  /** The base string the verifier computed for the last request it checked (debugging). */
  readonly lastBaseString: string | undefined;
  /** Issue an access token directly, as a completed handshake would. */
  issueAccessToken(): BynderKeyPair & { expiresAt: number };
  /** Mark a request token as authorised by the user, without the browser. */
  authorise(requestTokenKey: string): void;
}

/**
 * The Bynder OAuth 1.0a endpoints as docs/providers.md#bynder describes them, on 127.0.0.1:
 * - `POST /api/v4/oauth/request_token/` signed with the consumer only -> a request token
 *   (form-encoded `oauth_token` / `oauth_token_secret`), valid 10 minutes, single use;
 * - `GET /api/v4/oauth/authorise/?oauth_token=...` (or `auth_token`, the table's name)
 *   `&callback=...`: the user "logs in" and is redirected to the callback with `oauth_token`,
 *   or, without a callback, shown the token;
 * - `POST /api/v4/oauth/access_token/` signed with consumer + authorised request token ->
 *   an access token valid 30 days; the request token is spent;
 * - `GET/POST /api/v4/media/` and `/api/v4/media/{id}/`, signed with consumer + access or
 *   permanent token.
 *
 * Every signed request is verified per RFC 5849 §3.4 (an independent verifier), with
 * timestamps within ±10 minutes and no nonce replay. A refusal is 401 with
 * `WWW-Authenticate: OAuth` and an OAuth Problem Reporting body (`oauth_problem=...`); a bad
 * signature's body carries the base string the emulator computed.
 */
export async function startBynderEmulator(options: BynderEmulatorOptions = {}): Promise<BynderEmulator> {
  const clock = options.clock ?? Date.now;
  const credentials: BynderCredentials = { consumer: options.consumer ?? randomKeyPair(), permanentToken: options.permanentToken ?? randomKeyPair() };
  const accessTokenLifetimeMs = options.accessTokenLifetimeMs ?? 30 * 24 * 3_600_000;
  const tokens = new BynderTokenStore(credentials.permanentToken, clock);
  const verifierState: VerifierState = { consumer: credentials.consumer, tokens, clock, timestampWindowMs: options.timestampWindowMs ?? 10 * 60_000, consumerDisabled: false };
  const verifier = createRequestVerifier(verifierState);
  const media = { verifier, clock, permissionDenied: false };
  const handshake = handshakeRoutes({ tokens, verifier, clock, requestTokenLifetimeMs: options.requestTokenLifetimeMs ?? 10 * 60_000, accessTokenLifetimeMs });
  const api = mediaRoutes(media);
  const server: TestServer = await startServer((ctx) => {
    if (!handshake(ctx)) api(ctx);
  }, serverOptions(options));
  const setFault = routeFaults<BynderOwnFault>(
    () => server,
    {
      expireTokens: () => tokens.expireTemporary(),
      revokeTokens: () => tokens.revokeAll(),
      disableConsumer: () => {
        verifierState.consumerDisabled = true;
      },
      denyPermission: () => {
        media.permissionDenied = true;
      },
    },
    () => {
      verifierState.consumerDisabled = false;
      media.permissionDenied = false;
    },
  );

  return {
    url: server.url,
    credentials,
    consumer: credentials.consumer,
    permanentToken: credentials.permanentToken,
    mediaUrl: server.url + MEDIA_PATH,
    handshakeUrls: {
      requestToken: server.url + HANDSHAKE_PATHS.requestToken,
      authorise: server.url + HANDSHAKE_PATHS.authorise,
      accessToken: server.url + HANDSHAKE_PATHS.accessToken,
    },
    requests: server.requests,
    get lastBaseString() {
      return verifier.lastBaseString;
    },
    setFault,
    issueAccessToken() {
      const t = tokens.issue("access", accessTokenLifetimeMs);
      return { key: t.key, secret: t.secret, expiresAt: t.expiresAt };
    },
    authorise(key) {
      const t = tokens.get(key);
      if (t?.kind !== "request") throw new Error("not a request token of this emulator");
      t.authorised = true;
    },
    close: () => server.close(),
  };
}
