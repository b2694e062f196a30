const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[redacted]";

/**
 * The result of {@link OAuth1Signer.sign}, safe to log. `authorization` (the `Authorization:
 * OAuth …` header, which carries the token key and a replayable signature) and `baseString`
 * (which carries the token key and every signed parameter, `oauth_verifier` included) are
 * readable by code but live on the prototype as getters over private fields: `{ ...signature }`,
 * `Object.assign`, `structuredClone` and `Object.keys` leave them out, and `JSON.stringify`,
 * `util.inspect`, `console.log` and `String()` show `[redacted]` in their place.
 * `timestamp` and `nonce` are not secrets and print as they are.
 */
// Structurally an OAuth1Signature (signer.ts); not declared so, to keep the import one-way.
export class SignedOAuth1Request {
  readonly #authorization: string;
  readonly #baseString: string;
  readonly timestamp: string;
  readonly nonce: string;

  constructor(authorization: string, baseString: string, timestamp: string, nonce: string) {
    this.#authorization = authorization;
    this.#baseString = baseString;
    this.timestamp = timestamp;
    this.nonce = nonce;
  }

  /** The `Authorization` header value. Redacted in printed forms. */
  get authorization(): string {
    return this.#authorization;
  }

  /** The RFC 5849 §3.4.1 signature base string that was signed. Redacted in printed forms. */
  get baseString(): string {
    return this.#baseString;
  }

  /** What `JSON.stringify` writes: the header and base string redacted. */
  toJSON(): Record<string, string> {
    return { authorization: `OAuth ${REDACTED}`, baseString: REDACTED, timestamp: this.timestamp, nonce: this.nonce };
  }

  toString(): string {
    return "[OAuth 1.0a signature: redacted]";
  }

  [inspectSymbol](): unknown {
    return { OAuth1Signature: this.toJSON() };
  }
}
