import { TokenEndpointError } from "../errors.js";

/**
 * The error for a response that is a redirect, or `undefined`. Credential requests are sent
 * with `redirect: "manual"` and never follow: a 307/308 would re-send the form body (client
 * secret, code, refresh token) to the origin it names, an `https` → `http` one in clear text,
 * and a 301/302 would hand back a token from another server. The message names the status and
 * the target's origin only: a Location path or query may carry anything.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.4
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.11
 */
export function describeRedirect(response: Response, requested: URL, what: string): TokenEndpointError | undefined {
  // A browser's manual mode hides the redirect: status 0, no headers.
  if (response.type === "opaqueredirect") return refusal(what, "a redirect", undefined, requested);
  // A fetch that ignored `redirect: "manual"` already followed it: refuse what it brought back.
  if (response.redirected) return refusal(what, `${response.status}, after following a redirect`, safeTarget(response.url, requested), requested);
  const s = response.status;
  if (s < 300 || s > 399 || s === 304) return undefined;
  return refusal(what, `${s}${response.statusText ? ` ${response.statusText}` : ""}`, safeTarget(response.headers.get("location"), requested), requested);
}

type Target = { origin: string; insecure: boolean } | { invalid: true } | undefined;

function safeTarget(location: string | null, base: URL): Target {
  if (location === null || location === "") return undefined;
  try {
    const u = new URL(location, base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return { origin: `a ${u.protocol} URL`, insecure: false };
    return { origin: u.origin, insecure: u.protocol === "http:" && base.protocol === "https:" };
  } catch {
    return { invalid: true };
  }
}

function refusal(what: string, status: string, target: Target, requested: URL): TokenEndpointError {
  let to = "";
  let hint = "Credential requests never follow redirects. Fix the base URL so it points at the endpoint itself.";
  if (target && "invalid" in target) to = " to an invalid Location";
  else if (target) {
    const same = target.origin === requested.origin;
    to = same ? " to another path on the same origin" : ` to ${target.origin}${target.insecure ? " (a downgrade to plain http://)" : ""}`;
    if (!same && !target.insecure) hint += ` If you trust ${target.origin}, use it in the base URL.`;
    if (target.insecure) hint += " Never send credentials over plain http://.";
  }
  const message = `${what.charAt(0).toUpperCase()}${what.slice(1)} answered ${status}, a redirect${to}; it was not followed, so no credentials were sent there.`;
  return new TokenEndpointError(message, { code: "redirect", hint, ...(/^\d{3}/.test(status) ? { status: Number(status.slice(0, 3)) } : {}) });
}
