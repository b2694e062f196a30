import { ConfigurationError } from "./errors.js";

/** A response type of an authorization request: `code` (RFC 6749 §4.1) or, where allowed, `token` (§4.2). */
export type ResponseType = "code" | "token";

/** An authorization request sent and not yet answered: what its response is checked against. */
export interface PendingAuthorization {
  /** The `state` sent (RFC 6749 §10.12). */
  state: string;
  /** The PKCE verifier (RFC 7636 §4.1) of a code request, sent with the code. */
  codeVerifier?: string;
  responseType: ResponseType;
  /** The redirect URI sent, sent again in the code exchange (RFC 6749 §4.1.3). */
  redirectUri: string;
  scopes: string[];
}

/** How many unanswered requests an object remembers: a user may open a few tabs, not thousands. */
const MAX_PENDING = 20;

/**
 * The authorization requests an object has sent, by state, and the latest one (what a bare
 * pasted code answers). Bounded: the oldest is forgotten first.
 */
export class PendingAuthorizations {
  readonly #byState = new Map<string, PendingAuthorization>();
  #latest: PendingAuthorization | undefined;

  remember(pending: PendingAuthorization): void {
    this.#byState.delete(pending.state);
    this.#byState.set(pending.state, pending);
    if (this.#byState.size > MAX_PENDING) this.#byState.delete(this.#byState.keys().next().value!);
    this.#latest = pending;
  }

  get(state: string | undefined): PendingAuthorization | undefined {
    return state === undefined ? undefined : this.#byState.get(state);
  }

  get latest(): PendingAuthorization | undefined {
    return this.#latest;
  }

  /** Answered (or abandoned): a state is good for one response. */
  forget(state: string): void {
    this.#byState.delete(state);
    if (this.#latest?.state === state) this.#latest = undefined;
  }

  clear(): void {
    this.#byState.clear();
    this.#latest = undefined;
  }
}

/**
 * A list of scope names, each an RFC 6749 §3.3 scope token (printable ASCII without space, `"`
 * or `\`), duplicates dropped. Checked by a loop, not a regex; the names are not quoted in the
 * error (an option in the wrong place may be a secret).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function checkScopes(list: readonly string[], hint = "Pass scopes as a list of names, e.g. [\"read\", \"write\"]."): string[] {
  const valid = Array.isArray(list) && list.every((s) => typeof s === "string" && s.length > 0 && isScopeToken(s));
  if (!valid) throw new ConfigurationError("scopes must be a list of scope names without spaces, quotes or backslashes (RFC 6749 §3.3).", { hint });
  return [...new Set(list)];
}

function isScopeToken(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}
