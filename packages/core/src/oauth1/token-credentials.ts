/**
 * RFC 5849 §2.3, token credentials: a `POST` to the server's token request endpoint, signed
 * with the client credentials and the temporary credentials, with the `oauth_verifier` the
 * server gave the user's browser on the callback (§2.2). The answer is the token credentials
 * the client signs its requests with (§3).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
 */

import { type OAuth1EndpointOptions, requestCredentials } from "./credentials-request.js";
import type { OAuth1CredentialsResponse } from "./credentials-response.js";
import type { OAuth1Credentials } from "./signer.js";

export interface TokenCredentialsOptions extends OAuth1EndpointOptions {
  /** The token request endpoint (absolute URL). */
  url: string;
  /** The temporary credentials from §2.1 (key and secret). */
  temporary: OAuth1Credentials;
  /** `oauth_verifier` from the callback (§2.2). The RFC requires it; omit it only for a server that issues none. */
  verifier?: string;
}

/**
 * Exchange authorized temporary credentials for token credentials (§2.3). Errors as
 * {@link requestTemporaryCredentials}.
 *
 * ```ts
 * const token = await requestTokenCredentials({ signer, url: "https://api.example.com/oauth/token", temporary, verifier });
 * ```
 */
export function requestTokenCredentials(options: TokenCredentialsOptions): Promise<OAuth1CredentialsResponse> {
  return requestCredentials(
    { url: options.url, token: options.temporary, ...(options.verifier === undefined ? {} : { extra: { oauth_verifier: options.verifier } }) },
    options,
  );
}
