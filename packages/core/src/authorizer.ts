/** What an {@link Authorizer} sees of a request. */
export interface AuthRequest {
  method: string;
  /** Absolute URL, as it will be sent. */
  url: string;
  /**
   * The body, when it is `application/x-www-form-urlencoded` and the authorizer asked for it
   * ({@link Authorizer.signsBody}): OAuth 1.0a includes form parameters in the signature.
   */
  body?: URLSearchParams | string;
  contentType?: string;
}

/**
 * The one idea every provider ends in: headers that make a request authorized.
 * A bearer provider is a token cache behind {@link bearerAuthorizer}; an OAuth 1.0a provider
 * signs each request. In-house providers implement this and get `createClient` and
 * `authFetch` for free.
 */
export interface Authorizer {
  /** Headers that make this request authorized (a Bearer token, or an OAuth 1.0a signature). */
  authorize(request: AuthRequest): Promise<Record<string, string>>;
  /**
   * The server answered 401 to a request sent with `used` headers: drop what was used.
   * Resolve `true` when one retry with fresh credentials may succeed.
   */
  unauthorized?(request: AuthRequest, response: Response, used: Record<string, string>): Promise<boolean>;
  /** True when `authorize` needs form bodies (OAuth 1.0a); saves reading bodies otherwise. */
  readonly signsBody?: boolean;
}
