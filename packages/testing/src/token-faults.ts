import { routeFaults } from "./emulator.js";
import type { Fault } from "./faults.js";
import type { TestServer } from "./http-server.js";
import type { TokenIssuer } from "./token-issuer.js";

/** A 200 token response whose body is wrong, for `times` responses (forever when omitted). */
export interface BadTokenResponseFault {
  kind: "badTokenResponse";
  /** Send this `token_type` instead (e.g. `mac`). */
  tokenType?: string;
  /** Leave `access_token` out. */
  omitAccessToken?: boolean;
  /** Send this `expires_in` instead (e.g. `"soon"`). */
  expiresIn?: unknown;
  times?: number;
}

/** The token faults of an OAuth 2 emulator (they act on its {@link TokenIssuer} or its token responses). */
export type TokenFault = { kind: "expireTokens" } | { kind: "revokeTokens" } | BadTokenResponseFault;

/**
 * Faults of the machinery, plus token faults: `expireTokens` (every token issued so far
 * expires now), `revokeTokens` (forget them, as if the key was disabled), `badTokenResponse`.
 */
export type TokenEndpointFault = Fault | TokenFault;

/**
 * The token-fault switch shared by the OAuth 2 emulators: `setFault` routes token faults to
 * the issuer or the response spoiler, `extra` kinds to their handlers, and the rest to the
 * server; `spoil` applies a pending `badTokenResponse` to a token response body (its fields in
 * order).
 */
export function tokenFaults<Extra extends { kind: string } = never>(
  issuer: TokenIssuer,
  server: () => TestServer,
  extra: { [K in Extra["kind"]]: (fault: Extract<Extra, { kind: K }>) => void } = {} as never,
) {
  let bad: BadTokenResponseFault | null = null;
  let remaining = 0;
  const setFault = routeFaults<TokenFault | Extra>(
    server,
    {
      ...extra,
      expireTokens: () => issuer.expireAll(),
      revokeTokens: () => issuer.revokeAll(),
      badTokenResponse: (fault: BadTokenResponseFault) => {
        bad = fault;
        remaining = fault.times ?? Number.POSITIVE_INFINITY;
      },
    } as never,
    () => {
      bad = null;
    },
  );
  return {
    setFault,
    spoil(fields: [string, unknown][]): [string, unknown][] {
      if (!bad || remaining-- <= 0) return fields;
      const b = bad;
      return fields
        .filter(([k]) => !(k === "access_token" && b.omitAccessToken))
        .map(([k, v]): [string, unknown] => [k, k === "token_type" && b.tokenType !== undefined ? b.tokenType : k === "expires_in" && "expiresIn" in b ? b.expiresIn : v]);
    },
  };
}
