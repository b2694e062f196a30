import { bearerChallenge, type FetchLike } from "@auth/core";
import { insufficientScopeError } from "./hints.js";

const TEXTUAL = /^(application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml)|text\/)/i;

/**
 * docs/providers.md#imagen-applications: "every request your application makes to Imagen should also be
 * encoded as UTF-8". fetch encodes strings as UTF-8; we say so with an explicit charset on
 * textual bodies that lack one. A 403 `insufficient_scope` challenge (RFC 6750 §3.1) becomes an
 * {@link InsufficientScopeError} naming the scope, since no retry can fix it.
 */
export function imagenTransport(base: FetchLike): FetchLike {
  return async (input, init) => {
    const isRequest = typeof Request !== "undefined" && input instanceof Request;
    const headers = new Headers(init?.headers ?? (isRequest ? (input as Request).headers : undefined));
    const type = headers.get("content-type");
    if (type && TEXTUAL.test(type) && !/;\s*charset=/i.test(type)) {
      headers.set("content-type", `${type}; charset=utf-8`);
      if (isRequest && init?.headers === undefined) input = new Request(input as Request, { headers });
      else init = { ...init, headers };
    }
    const response = await base(input, init);
    if (response.status === 403) {
      const challenge = bearerChallenge(response.headers.get("www-authenticate"));
      if (challenge?.error === "insufficient_scope") {
        await response.body?.cancel().catch(() => {});
        throw insufficientScopeError(challenge.scope);
      }
    }
    return response;
  };
}
