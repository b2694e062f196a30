import type { Clock } from "@auth/core";
import OAuth from "oauth-1.0a";
import { baseString, type EncodedParam, encodeSearchParams, parseForm, signingTarget } from "./base-string.js";
import { createHmacSha1, type HmacImplementation, type HmacSha1 } from "./hmac-sha1.js";
import { createNonce } from "./nonce.js";
import { percentEncode } from "./percent-encode.js";

/** A token key and its secret (RFC 5849 §2.3, §3.4.2). */
export interface TokenCredentials {
  key: string;
  /** Revealed only to derive the signing key. */
  secret: string | { reveal(): string };
}

/** The request as it will be sent. */
export interface SignableRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** A form body (`application/x-www-form-urlencoded`): its parameters are signed (§3.4.1.3.1). */
  body?: URLSearchParams | string;
  /** When given and not form-urlencoded, `body` is not signed (§3.4.1.3.1: other bodies are not parameters). */
  contentType?: string;
}

export interface SignerOptions {
  consumerKey: string;
  consumerSecret: string | { reveal(): string };
  /** Epoch ms; the timestamp is its whole seconds (§3.3). */
  clock: Clock;
  /** Nonce source; crypto-random by default. */
  nonce?: () => string;
  hmac?: HmacImplementation;
}

/** What went into one signature, for debugging a 401 (secrets are not part of it). */
export interface SignatureDetails {
  authorization: string;
  baseString: string;
  timestamp: string;
  nonce: string;
}

const FORM = "application/x-www-form-urlencoded";
// A base64 signature needs only "+", "/" and "=" escaped (§3.6); cheaper than percentEncode.
const BASE64_ESCAPES: Record<string, string> = { "+": "%2B", "/": "%2F", "=": "%3D" };
const encodeBase64 = (s: string): string => s.replace(/[+/=]/g, (c) => BASE64_ESCAPES[c]!);
const reveal = (s: string | { reveal(): string }): string => (typeof s === "string" ? s : s.reveal());

/** True when `contentType` (absent counts as yes) names a form body. */
export function isFormContentType(contentType: string | undefined): boolean {
  return contentType === undefined || contentType.trimStart().toLowerCase().startsWith(FORM);
}

/**
 * HMAC-SHA1 signer for `Authorization: OAuth ...` headers (RFC 5849 §3.1-§3.5.1), in the
 * parameter order and `,` separator of the Bynder document's examples.
 *
 * oauth-1.0a derives the signing key (§3.4.2: `encode(consumer secret)&encode(token secret)`,
 * which it gets right), once per token; the per-request work (base string, HMAC, header) is
 * done here because oauth-1.0a's base string is wrong in the cases listed in base-string.ts.
 */
export class OAuth1Signer {
  readonly #consumerKey: string;
  readonly #encodedConsumerKey: string;
  readonly #consumerSecret: string | { reveal(): string };
  readonly #clock: Clock;
  readonly #nonce: () => string;
  readonly #hmac: HmacImplementation;
  // One HMAC per token: keyed by token key, checked against the secret it was made for.
  #keys = new Map<string, { secret: string; sign: HmacSha1 }>();

  constructor(options: SignerOptions) {
    this.#consumerKey = options.consumerKey;
    this.#encodedConsumerKey = percentEncode(options.consumerKey);
    this.#consumerSecret = options.consumerSecret;
    this.#clock = options.clock;
    this.#nonce = options.nonce ?? createNonce;
    this.#hmac = options.hmac ?? "auto";
  }

  #signerFor(token: TokenCredentials | undefined): HmacSha1 {
    const id = token ? token.key : "";
    const secret = token ? reveal(token.secret) : "";
    const known = this.#keys.get(id);
    if (known && known.secret === secret) return known.sign;
    // A throwaway oauth-1.0a instance: the consumer secret is not kept on a long-lived object.
    const oauth = new OAuth({ consumer: { key: this.#consumerKey, secret: reveal(this.#consumerSecret) }, signature_method: "HMAC-SHA1", hash_function: () => "" });
    const sign = createHmacSha1(oauth.getSigningKey(secret), this.#hmac);
    if (this.#keys.size >= 16) this.#keys.clear();
    this.#keys.set(id, { secret, sign });
    return sign;
  }

  /** The `Authorization` header value for `request`, signed with the consumer and `token`. */
  authorization(request: SignableRequest, token?: TokenCredentials): string {
    return this.sign(request, token).authorization;
  }

  /** Sign `request` and return the header together with the base string that was signed. */
  sign(request: SignableRequest, token?: TokenCredentials): SignatureDetails {
    const target = signingTarget(request.url);
    const timestamp = String(Math.floor(this.#clock() / 1000));
    const nonce = this.#nonce();
    const encodedNonce = percentEncode(nonce);
    const encodedToken = token ? percentEncode(token.key) : undefined;
    const params: EncodedParam[] = target.query.slice();
    const body = request.body;
    if (body !== undefined && isFormContentType(request.contentType)) {
      const form = typeof body === "string" ? parseForm(body) : encodeSearchParams(body);
      for (let i = 0; i < form.length; i++) params.push(form[i]!);
    }
    params.push(
      ["oauth_consumer_key", this.#encodedConsumerKey],
      ["oauth_nonce", encodedNonce],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", timestamp],
      ["oauth_version", "1.0"],
    );
    if (encodedToken !== undefined) params.push(["oauth_token", encodedToken]);
    const base = baseString(request.method, target.encodedBaseUri, params);
    const signature = this.#signerFor(token)(base);
    const authorization =
      `OAuth oauth_consumer_key="${this.#encodedConsumerKey}",${encodedToken === undefined ? "" : `oauth_token="${encodedToken}",`}` +
      `oauth_signature_method="HMAC-SHA1",oauth_timestamp="${timestamp}",oauth_nonce="${encodedNonce}",oauth_version="1.0",` +
      `oauth_signature="${encodeBase64(signature)}"`;
    return { authorization, baseString: base, timestamp, nonce };
  }
}
