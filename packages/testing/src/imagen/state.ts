import type { TokenIssuer } from "../token-issuer.js";

/** A record of the emulated REST API. */
export interface ImagenRecord {
  id: string;
  title: string;
}

/** An authorization code waiting to be exchanged. */
export interface CodeGrant {
  redirectUri: string | null;
  scopes: string[];
  expiresAt: number;
  /** RFC 7636 §4.4: the challenge sent with the authorization request, if any. */
  pkce?: { challenge: string; method: string };
}

/**
 * What the Imagen emulator's endpoints share: the application as an administrator registered
 * it, its switches, and what was issued. Mutable: the emulator's setters change it.
 */
export interface ImagenState {
  readonly credentials: { apiKey: string; apiSecret: string };
  readonly applicationType: "web" | "installed";
  /** The registered redirect URI (web: the https one; installed: an optional custom scheme). */
  readonly registeredRedirectUri: string | undefined;
  readonly loopbackAnyPort: boolean;
  readonly refreshTokens: boolean;
  readonly clock: () => number;
  readonly issuer: TokenIssuer;
  readonly codes: Map<string, CodeGrant>;
  readonly records: Map<string, ImagenRecord>;
  granted: string[];
  consent: "approve" | "deny";
  enabled: boolean;
}

export const REALM = "Imagen";
export const DISABLED = "The application has been disabled by an Imagen administrator";
