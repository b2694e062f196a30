import type { Authorizer } from "./authorizer.js";
import type { TokenCache } from "./token-cache.js";
import { parseWwwAuthenticate } from "./www-authenticate.js";

// RFC 6750 §3.1: a Bearer challenge with error="insufficient_scope". Answered by the header
// parser, a linear scan: the regex this replaced backtracked exponentially on a 120-byte header
// (issue 10), and a property test kept the two in agreement anyway.
// Any Bearer challenge of the header counts; the error code compares case-insensitively.
const insufficientScope = (header: string | null): boolean =>
  parseWwwAuthenticate(header).some((c) => c.scheme === "bearer" && c.params.error?.toLowerCase() === "insufficient_scope");

/**
 * Turn a token cache into an {@link Authorizer}: `Authorization: Bearer <token>`
 * (RFC 6750 §2.1). On a 401 it invalidates the token that was used (by value) and asks for
 * one retry, except when the challenge says `insufficient_scope`, which a new token of the
 * same grant cannot fix.
 */
export function bearerAuthorizer(cache: TokenCache): Authorizer {
  return {
    async authorize() {
      const token = await cache.getToken();
      return { authorization: `Bearer ${token.accessToken}` };
    },
    async unauthorized(_request, response, used) {
      if (insufficientScope(response.headers.get("www-authenticate"))) return false;
      const header = used.authorization ?? "";
      if (header.startsWith("Bearer ")) await cache.invalidate(header.slice(7));
      return true;
    },
  };
}
