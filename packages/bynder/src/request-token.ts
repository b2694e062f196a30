import type { Secret } from "@auth/core";

/** A request token from step 1 (docs/providers.md#bynder-handshake), valid for 10 minutes and for one exchange. */
export interface RequestToken {
  readonly key: string;
  readonly secret: Secret;
  /** Epoch ms. */
  readonly issuedAt: number;
  /** `issuedAt` + 10 minutes. */
  readonly expiresAt: number;
  /** The callback given to `requestToken`, used by `authoriseUrl` when it is given none. */
  readonly callback?: string;
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** Freeze `token` and make its printed forms (JSON, util.inspect) show no key or secret. */
export function redactedRequestToken(token: RequestToken): RequestToken {
  const view = () => ({ key: "[redacted]", secret: "[redacted]", expiresAt: new Date(token.expiresAt).toISOString() });
  Object.defineProperty(token, "toJSON", { value: view, enumerable: false });
  Object.defineProperty(token, inspectSymbol, { value: () => ({ RequestToken: view() }), enumerable: false });
  return Object.freeze(token);
}
