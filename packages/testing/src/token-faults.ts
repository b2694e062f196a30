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

/**
 * Faults of the machinery, plus token faults: `expireTokens` (every token issued so far
 * expires now), `revokeTokens` (forget them, as if the key was disabled), `badTokenResponse`.
 */
export type TokenEndpointFault = Fault | { kind: "expireTokens" } | { kind: "revokeTokens" } | BadTokenResponseFault;

/**
 * The token-fault switch shared by the bearer emulators: `setFault` routes token faults to
 * the issuer or the response spoiler and the rest to the server; `spoil` applies a pending
 * `badTokenResponse` to a token response body (its fields in order).
 */
export function tokenFaults(issuer: TokenIssuer, server: () => TestServer) {
  let bad: BadTokenResponseFault | null = null;
  let remaining = 0;
  return {
    setFault(fault: TokenEndpointFault | null): void {
      if (fault?.kind === "expireTokens") issuer.expireAll();
      else if (fault?.kind === "revokeTokens") issuer.revokeAll();
      else if (fault?.kind === "badTokenResponse") {
        bad = fault;
        remaining = fault.times ?? Number.POSITIVE_INFINITY;
      } else {
        if (fault === null) bad = null;
        server().setFault(fault);
      }
    },
    spoil(fields: [string, unknown][]): [string, unknown][] {
      if (!bad || remaining-- <= 0) return fields;
      const b = bad;
      return fields
        .filter(([k]) => !(k === "access_token" && b.omitAccessToken))
        .map(([k, v]): [string, unknown] => [k, k === "token_type" && b.tokenType !== undefined ? b.tokenType : k === "expires_in" && "expiresIn" in b ? b.expiresIn : v]);
    },
  };
}
