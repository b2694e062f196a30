/**
 * RFC 5849 §3.4.1-§3.4.2 through the `oauth-1.0a` library (the one the product names): the
 * base string and HMAC-SHA1 signature of a request normalised by normalized-request.ts, with
 * our timestamp and nonce (§3.3; the library's own nonce uses `Math.random`) and a
 * synchronous HMAC (hmac-sha1.ts: node:crypto when present, else @noble/hashes).
 *
 * The library is given exactly what it gets right (docs/providers.md#oauth-10a-quirks): a URL
 * without query, decoded parameters with repeated names as arrays, no `oauth_*` parameter of
 * the request in `data` (extra protocol parameters such as `oauth_callback` are signed
 * through `data`; the header is built by the signer), and a fresh `data` object per call
 * (it mutates the one it is given).
 */
import OAuth from "oauth-1.0a";
import { createHmacSha1, type HmacImplementation, type HmacSha1 } from "./hmac-sha1.js";
import type { NormalizedParams } from "./normalized-request.js";

/** The base string that was signed and its signature (base64). */
export interface LibrarySignature {
  baseString: string;
  signature: string;
}

/** One oauth-1.0a instance per consumer; signs normalised requests. */
export class LibrarySigner {
  readonly #oauth: OAuth;
  readonly #hmac: HmacImplementation;
  // One HMAC per signing key (§3.4.2, consumer secret & token secret): noble keeps its keyed state.
  #hmacs = new Map<string, HmacSha1>();
  // Set for the duration of one synchronous authorize() call.
  #timestamp = 0;
  #nonce = "";
  #baseString = "";

  constructor(consumerKey: string, consumerSecret: () => string, hmac: HmacImplementation) {
    this.#hmac = hmac;
    this.#oauth = new OAuth({
      // A getter: the secret is read when the library derives the signing key, not copied.
      consumer: {
        key: consumerKey,
        get secret() {
          return consumerSecret();
        },
      },
      signature_method: "HMAC-SHA1",
      hash_function: (base, key) => {
        this.#baseString = base;
        return this.#hmacFor(key)(base);
      },
    });
    // Instance properties shadow the prototype's: our clock's timestamp and a crypto-random nonce.
    this.#oauth.getTimeStamp = () => this.#timestamp;
    this.#oauth.getNonce = () => this.#nonce;
  }

  #hmacFor(key: string): HmacSha1 {
    let sign = this.#hmacs.get(key);
    if (!sign) {
      sign = createHmacSha1(key, this.#hmac);
      if (this.#hmacs.size >= 16) this.#hmacs.clear();
      this.#hmacs.set(key, sign);
    }
    return sign;
  }

  /**
   * Sign one request. `data` is handed to the library and consumed (pass a fresh object);
   * `extra` protocol parameters (`oauth_callback`, `oauth_verifier`) are added to it.
   */
  sign(
    method: string,
    baseUri: string,
    data: NormalizedParams,
    token: { key: string; secret: string } | undefined,
    timestamp: number,
    nonce: string,
    extra: Readonly<Record<string, string>> | undefined,
  ): LibrarySignature {
    if (extra) for (const name in extra) data[name] = extra[name]!;
    this.#timestamp = timestamp;
    this.#nonce = nonce;
    this.#baseString = "";
    const authorized = this.#oauth.authorize({ method, url: baseUri, data }, token);
    const baseString = this.#baseString;
    this.#baseString = "";
    return { baseString, signature: authorized.oauth_signature };
  }
}
