/** What identifies one token: who issued it and to which client, never the client's secret. */
export interface TokenKeyParts {
  /** The provider, e.g. `metapack`, `configapi`. */
  provider: string;
  /** The API base URL (or token endpoint) the token is for. */
  baseUrl: string | URL;
  /** The OAuth client id. Never pass the secret: keys are visible to anyone who can list Redis. */
  clientId: string;
  /** Scopes requested, when the same client asks for tokens of different scopes. Order does not matter. */
  scopes?: readonly string[];
}

const part = (s: string): string => encodeURIComponent(s);

/**
 * The cache key of one provider + base URL + client id (+ scopes): pass it as the `key`
 * option of the token cache (or a provider's options), so processes that share Redis share
 * exactly the tokens they should. Readable on purpose (`metapack:https%3A%2F%2Fapi.example.com:my-client`),
 * each part URI-encoded so a `:` inside a part cannot make two different clients collide.
 *
 * @example
 * ```ts
 * const key = tokenKey({ provider: "configapi", baseUrl: "https://api.example.com", clientId: "my-client" });
 * ```
 */
export function tokenKey(parts: TokenKeyParts): string {
  let base = (typeof parts.baseUrl === "string" ? parts.baseUrl : parts.baseUrl.href).trim();
  while (base.endsWith("/")) base = base.slice(0, -1); // not /\/+$/: quadratic on a run of slashes
  const segments = [parts.provider.trim(), base, parts.clientId.trim()];
  if (parts.scopes && parts.scopes.length > 0) segments.push([...new Set(parts.scopes)].sort().join(" "));
  return segments.map(part).join(":");
}
