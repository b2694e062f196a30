import type { Authorizer } from "./authorizer.js";
import type { TokenCache } from "./token-cache.js";

// RFC 6750 §3.1: a Bearer challenge with error="insufficient_scope". A regex rather than
// parseWwwAuthenticate, which would weigh on every bundle for this one question. It walks the
// Bearer challenge's auth-params (RFC 7235 §2.1: token = token / quoted-string), so a quoted
// realm or description mentioning it, a parameter such as `x-error`, a value such as
// `insufficient_scope-x`, or another scheme's parameters after it do not count; a property
// test keeps it in agreement with the parser (on valid headers: a parameter name occurs once
// per challenge, RFC 7235 §2.1).
const INSUFFICIENT_SCOPE =
  /(?:^|,)\s*bearer(?:[\s,]+[\w!#$%&'*+.^`|~-]+\s*=\s*(?:"(?:[^"\\]|\\.)*"|[\w!#$%&'*+.^`|~-]*))*[\s,]+error\s*=\s*("?)insufficient_scope\1(?![\w!#$%&'*+.^`|~-])/i;

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
      if (INSUFFICIENT_SCOPE.test(response.headers.get("www-authenticate") ?? "")) return false;
      const header = used.authorization ?? "";
      if (header.startsWith("Bearer ")) await cache.invalidate(header.slice(7));
      return true;
    },
  };
}
