/**
 * RFC 5849 §2.1, temporary credentials: a `POST` to the server's temporary credential
 * request endpoint, signed with the client (consumer) credentials only, with `oauth_callback`
 * (an absolute URI, or `oob` when the client cannot receive a callback). The server answers
 * the temporary credentials and `oauth_callback_confirmed=true`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 */

import type { Clock } from "../clock.js";
import { type OAuth1EndpointOptions, requestCredentials } from "./credentials-request.js";
import type { OAuth1CredentialsResponse } from "./credentials-response.js";

export interface TemporaryCredentialsOptions extends OAuth1EndpointOptions {
  /** The temporary credential request endpoint (absolute URL). */
  url: string;
  /**
   * `oauth_callback`, sent in the signed header: an absolute URI or `oob`. The RFC requires
   * it; omit it only for a server that takes its callback elsewhere (on the authorization URL).
   */
  callback?: string;
  /**
   * Refuse an answer without `oauth_callback_confirmed=true`. Default: true when a callback
   * was sent (the RFC's "MUST"), false otherwise.
   */
  requireCallbackConfirmed?: boolean;
  /** Epoch ms, for {@link TemporaryCredentials.requestedAt}. Default `Date.now`. */
  clock?: Clock;
}

/** Temporary credentials (a request token), with the time they were requested. */
export interface TemporaryCredentials extends OAuth1CredentialsResponse {
  /** Epoch ms (the caller's clock, when it was asked), for a provider's validity window. */
  readonly requestedAt: number;
}

/**
 * Obtain temporary credentials (§2.1). Errors: {@link InvalidTokenResponseError} for an answer
 * without them (or without the callback confirmation), a `TokenEndpointError` (or the
 * provider's `errorFromResponse`) for a non-2xx, `timeout`, `network`, `redirect`,
 * `response_too_large` from the bounded exchange.
 *
 * ```ts
 * const signer = new OAuth1Signer({ consumerKey, consumerSecret });
 * const temporary = await requestTemporaryCredentials({ signer, url: "https://api.example.com/oauth/initiate", callback: "http://127.0.0.1:8765/callback" });
 * ```
 */
export async function requestTemporaryCredentials(options: TemporaryCredentialsOptions): Promise<TemporaryCredentials> {
  const requestedAt = (options.clock ?? Date.now)();
  const sendsCallback = options.callback !== undefined;
  const response = await requestCredentials(
    {
      url: options.url,
      ...(sendsCallback ? { extra: { oauth_callback: options.callback! } } : {}),
      requireCallbackConfirmed: options.requireCallbackConfirmed ?? sendsCallback,
    },
    options,
  );
  return Object.freeze({ ...response, requestedAt });
}
