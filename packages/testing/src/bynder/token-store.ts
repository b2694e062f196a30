import { randomBytes, randomUUID } from "node:crypto";

/** A key and secret pair (consumer or token). */
export interface BynderKeyPair {
  key: string;
  secret: string;
}

/** A token the emulator issued: a request token (handshake step 1), an access token (step 3) or the permanent one. */
export interface BynderToken {
  kind: "request" | "access" | "permanent";
  key: string;
  secret: string;
  issuedAt: number;
  expiresAt: number;
  /** The user approved the request token at the authorise page. */
  authorised: boolean;
  /** The request token was exchanged (single use). */
  used: boolean;
  revoked: boolean;
}

/** A random key pair in the shape of Bynder's (an upper-case UUID and a hex secret). */
export const randomKeyPair = (): BynderKeyPair => ({ key: randomUUID().toUpperCase(), secret: randomBytes(20).toString("hex") });

/**
 * The tokens a Bynder emulator knows, by key: the permanent token given at start, and the
 * request and access tokens the handshake issues. Time comes from `clock`.
 */
export class BynderTokenStore {
  readonly #tokens = new Map<string, BynderToken>();
  readonly #clock: () => number;

  constructor(permanentToken: BynderKeyPair, clock: () => number) {
    this.#clock = clock;
    this.#tokens.set(permanentToken.key, {
      kind: "permanent",
      ...permanentToken,
      issuedAt: clock(),
      expiresAt: Number.POSITIVE_INFINITY,
      authorised: true,
      used: false,
      revoked: false,
    });
  }

  /** Issue a request or access token valid `lifetimeMs`. */
  issue(kind: "request" | "access", lifetimeMs: number): BynderToken {
    const now = this.#clock();
    const t: BynderToken = {
      kind,
      key: randomUUID().toUpperCase(),
      secret: randomBytes(20).toString("hex").toUpperCase(),
      issuedAt: now,
      expiresAt: now + lifetimeMs,
      authorised: false,
      used: false,
      revoked: false,
    };
    this.#tokens.set(t.key, t);
    return t;
  }

  get(key: string | null | undefined): BynderToken | undefined {
    return key == null ? undefined : this.#tokens.get(key);
  }

  /** Every temporary token (request and access) expires now; the permanent one does not expire. */
  expireTemporary(): void {
    const now = this.#clock();
    for (const t of this.#tokens.values()) if (t.kind !== "permanent") t.expiresAt = Math.min(t.expiresAt, now);
  }

  /** Every token is revoked, the permanent one too (as in the portal). */
  revokeAll(): void {
    for (const t of this.#tokens.values()) t.revoked = true;
  }
}
