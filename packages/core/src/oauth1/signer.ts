import type { Clock } from "../clock.js";
import { ConfigurationError } from "../errors.js";
import { baseString, type EncodedParam, encodeSearchParams, parseForm, signingTarget } from "./base-string.js";
import { createHmacSha1, type HmacImplementation, type HmacSha1 } from "./hmac-sha1.js";
import { LibrarySigner } from "./library-signature.js";
import { createNonce } from "./nonce.js";
import { addParams, decodeForm, type NormalizedParams, normalizeUrl, searchParamPairs } from "./normalized-request.js";
import { percentEncode } from "./percent-encode.js";
import { SignedOAuth1Request } from "./signature.js";

/** A token (temporary or token credentials, RFC 5849 §2.1 / §2.3) and its shared secret. */
export interface OAuth1Credentials {
  key: string;
  /** Revealed only to derive the signing key (§3.4.2); a core `Secret` fits. */
  secret: string | { reveal(): string };
}

/** The request as it will be sent. */
export interface OAuth1Request {
  method: string;
  /** Absolute URL. */
  url: string;
  /** A form body (`application/x-www-form-urlencoded`): its parameters are signed (§3.4.1.3.1). */
  body?: URLSearchParams | string;
  /** When given and not form-urlencoded, `body` is not signed (§3.4.1.3.1: other bodies are not parameters). */
  contentType?: string;
}

export interface OAuth1SignerOptions {
  /** `oauth_consumer_key` (§3.1). */
  consumerKey: string;
  /** Revealed only to derive the signing key (§3.4.2); a core `Secret` fits. */
  consumerSecret: string | { reveal(): string };
  /** Epoch ms; the timestamp is its whole seconds (§3.3). Default `Date.now`. */
  clock?: Clock;
  /** Nonce source (§3.3); 128 crypto-random bits by default. */
  nonce?: () => string;
  /** HMAC-SHA1 implementation: `auto` (node:crypto when present, else @noble/hashes), `node` or `noble`. */
  hmac?: HmacImplementation;
  /**
   * Derives the §3.4.2 signing key from the two secrets, once per token. By default requests
   * are signed through oauth-1.0a (which derives the key itself); passing this signs with the
   * signer's own base string (base-string.ts) and this key instead.
   */
  signingKey?: (consumerSecret: string, tokenSecret: string) => string;
  /** `realm` (§3.5.1): sent first in the header, not signed. Omitted by default. */
  realm?: string;
  /**
   * Send `oauth_version="1.0"` (§3.1: OPTIONAL). Default true. oauth-1.0a always signs it, so
   * `false` signs with the signer's own base string (base-string.ts).
   */
  version?: boolean;
}

/**
 * What went into one signature, for debugging a 401 (secrets are not part of it). The header
 * and base string carry the token key: {@link OAuth1Signer.sign} returns them readable by code
 * but redacted in printed and copied forms (a {@link SignedOAuth1Request}).
 */
export interface OAuth1Signature {
  /** The `Authorization` header value. */
  authorization: string;
  /** The §3.4.1 signature base string that was signed. */
  baseString: string;
  timestamp: string;
  nonce: string;
}

const FORM = "application/x-www-form-urlencoded";
// A base64 signature needs only "+", "/" and "=" escaped (§3.6); cheaper than percentEncode.
const BASE64_ESCAPES: Record<string, string> = { "+": "%2B", "/": "%2F", "=": "%3D" };
const encodeBase64 = (s: string): string => s.replace(/[+/=]/g, (c) => BASE64_ESCAPES[c]!);
const reveal = (s: string | { reveal(): string }): string => (typeof s === "string" ? s : s.reveal());
// Set by the signer itself; an extra parameter may not replace them. Names go into the header
// as they are, so only unreserved characters (§3.6 leaves them unencoded).
const EXTRA_NAME = /^oauth_[A-Za-z0-9_]+$/;
const OWN = new Set(["oauth_consumer_key", "oauth_token", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_version", "oauth_signature"]);

/** True when `contentType` (absent counts as yes) names a form body (§3.4.1.3.1). */
export function isFormContentType(contentType: string | undefined): boolean {
  return contentType === undefined || contentType.trimStart().toLowerCase().startsWith(FORM);
}

/** The HMAC-SHA1 signing key (§3.4.2): `encode(consumer secret) & encode(token secret)`; the token secret may be empty. */
export function hmacSigningKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

/**
 * HMAC-SHA1 signer for `Authorization: OAuth ...` headers (RFC 5849 §3.1-§3.5.1), for any
 * OAuth 1.0a provider. Header parameters in the order `oauth_consumer_key`, `oauth_token`,
 * `oauth_signature_method`, `oauth_timestamp`, `oauth_nonce`, `oauth_version`, extra
 * parameters, `oauth_signature`, separated by `,` without spaces (§3.5.1 allows either).
 *
 * The base string and signature are oauth-1.0a's (library-signature.ts), fed a request
 * normalised per §3.4.1 (normalized-request.ts). Where the library cannot be fed correctly —
 * octets that are not UTF-8 (`%FF`), a query or body parameter named `oauth_*` or
 * `__proto__`, `version: false`, a custom `signingKey` — the signer builds the §3.4.1 base
 * string itself (base-string.ts), byte for byte as the RFC says. A URL is parsed once; the
 * HMAC state is made once per signing key. Never mutates the request, body or token objects
 * it is given.
 *
 * ```ts
 * import { OAuth1Signer } from "@auth/core/oauth1";
 * const signer = new OAuth1Signer({ consumerKey: "ck", consumerSecret: process.env.CONSUMER_SECRET! });
 * const authorization = signer.authorization({ method: "GET", url: "https://api.example.com/photos?size=original" }, { key, secret });
 * ```
 */
export class OAuth1Signer {
  readonly #encodedConsumerKey: string;
  readonly #consumerSecret: string | { reveal(): string };
  readonly #clock: Clock;
  readonly #nonce: () => string;
  readonly #hmac: HmacImplementation;
  readonly #signingKey: (consumerSecret: string, tokenSecret: string) => string;
  readonly #head: string;
  readonly #version: boolean;
  readonly #library: LibrarySigner | undefined;
  // One HMAC per token: keyed by token key, checked against the secret it was made for.
  #keys = new Map<string, { secret: string; sign: HmacSha1 }>();

  constructor(options: OAuth1SignerOptions) {
    this.#encodedConsumerKey = percentEncode(options.consumerKey);
    this.#consumerSecret = options.consumerSecret;
    this.#clock = options.clock ?? Date.now;
    this.#nonce = options.nonce ?? createNonce;
    this.#hmac = options.hmac ?? "auto";
    this.#signingKey = options.signingKey ?? hmacSigningKey;
    this.#version = options.version ?? true;
    const consumerSecret = options.consumerSecret;
    this.#library =
      this.#version && options.signingKey === undefined ? new LibrarySigner(options.consumerKey, () => reveal(consumerSecret), this.#hmac) : undefined;
    // §3.5.1 realm is an RFC 2617 quoted-string.
    const realm = options.realm === undefined ? "" : `realm="${options.realm.replace(/[\\"]/g, "\\$&")}",`;
    this.#head = `OAuth ${realm}oauth_consumer_key="${this.#encodedConsumerKey}",`;
  }

  #signerFor(token: OAuth1Credentials | undefined): HmacSha1 {
    const id = token ? token.key : "";
    const secret = token ? reveal(token.secret) : "";
    const known = this.#keys.get(id);
    if (known && known.secret === secret) return known.sign;
    const sign = createHmacSha1(this.#signingKey(reveal(this.#consumerSecret), secret), this.#hmac);
    if (this.#keys.size >= 16) this.#keys.clear();
    this.#keys.set(id, { secret, sign });
    return sign;
  }

  /** The `Authorization` header value for `request`, signed with the consumer and `token`. */
  authorization(request: OAuth1Request, token?: OAuth1Credentials, extra?: Readonly<Record<string, string>>): string {
    return this.sign(request, token, extra).authorization;
  }

  /**
   * Sign `request` and return the header together with the base string that was signed.
   * Without `token`, signs with the consumer only (a temporary credentials request, §2.1).
   * `extra`: more protocol parameters to sign and send, e.g. `oauth_callback` (§2.1) or
   * `oauth_verifier` (§2.3); names are `oauth_` and letters, digits or `_`.
   */
  sign(request: OAuth1Request, token?: OAuth1Credentials, extra?: Readonly<Record<string, string>>): OAuth1Signature {
    const seconds = Math.floor(this.#clock() / 1000);
    const timestamp = String(seconds);
    const nonce = this.#nonce();
    const encodedNonce = percentEncode(nonce);
    const encodedToken = token ? percentEncode(token.key) : undefined;
    let more = "";
    if (extra) {
      for (const name in extra) {
        if (!EXTRA_NAME.test(name) || OWN.has(name)) {
          throw new ConfigurationError(`"${name.slice(0, 40)}" cannot be an extra OAuth 1.0a parameter.`, {
            hint: "Extra parameters are protocol parameters such as oauth_callback or oauth_verifier; the signer sets the others itself.",
          });
        }
        more += `${name}="${percentEncode(extra[name]!)}",`;
      }
    }
    const signed = this.#viaLibrary(request, token, seconds, nonce, extra) ?? this.#ownBaseString(request, token, timestamp, encodedNonce, encodedToken, extra);
    const authorization =
      `${this.#head}${encodedToken === undefined ? "" : `oauth_token="${encodedToken}",`}` +
      `oauth_signature_method="HMAC-SHA1",oauth_timestamp="${timestamp}",oauth_nonce="${encodedNonce}",${this.#version ? 'oauth_version="1.0",' : ""}${more}` +
      `oauth_signature="${encodeBase64(signed.signature)}"`;
    // Redacted when printed or copied (signature.ts): the header carries the token key.
    return new SignedOAuth1Request(authorization, signed.baseString, timestamp, nonce);
  }

  // oauth-1.0a, fed the §3.4.1-normalised request; undefined when it cannot be (normalized-request.ts).
  #viaLibrary(
    request: OAuth1Request,
    token: OAuth1Credentials | undefined,
    seconds: number,
    nonce: string,
    extra: Readonly<Record<string, string>> | undefined,
  ): { baseString: string; signature: string } | undefined {
    if (!this.#library) return undefined;
    const url = normalizeUrl(request.url);
    if (!url.query) return undefined;
    const data: NormalizedParams = Object.create(null);
    addParams(data, url.query);
    const body = request.body;
    if (body !== undefined && isFormContentType(request.contentType)) {
      const form = typeof body === "string" ? decodeForm(body) : searchParamPairs(body);
      if (!form) return undefined;
      addParams(data, form);
    }
    const credentials = token ? { key: token.key, secret: reveal(token.secret) } : undefined;
    return this.#library.sign(request.method, url.baseUri, data, credentials, seconds, nonce, extra);
  }

  // §3.4.1 built here, octet by octet (base-string.ts), and HMAC-SHA1 with the §3.4.2 key.
  #ownBaseString(
    request: OAuth1Request,
    token: OAuth1Credentials | undefined,
    timestamp: string,
    encodedNonce: string,
    encodedToken: string | undefined,
    extra: Readonly<Record<string, string>> | undefined,
  ): { baseString: string; signature: string } {
    const target = signingTarget(request.url);
    const params: EncodedParam[] = target.query.slice();
    const body = request.body;
    if (body !== undefined && isFormContentType(request.contentType)) {
      const form = typeof body === "string" ? parseForm(body) : encodeSearchParams(body);
      for (let i = 0; i < form.length; i++) params.push(form[i]!);
    }
    params.push(["oauth_consumer_key", this.#encodedConsumerKey], ["oauth_nonce", encodedNonce], ["oauth_signature_method", "HMAC-SHA1"], ["oauth_timestamp", timestamp]);
    if (this.#version) params.push(["oauth_version", "1.0"]);
    if (encodedToken !== undefined) params.push(["oauth_token", encodedToken]);
    if (extra) for (const name in extra) params.push([name, percentEncode(extra[name]!)]);
    const base = baseString(request.method, target.encodedBaseUri, params);
    return { baseString: base, signature: this.#signerFor(token)(base) };
  }
}
