import { base64Url } from "./base64.js";
import { ConfigurationError, FlowError } from "./errors.js";
import { parseFormParams } from "./form-params.js";
import { checkTokenValue } from "./token-value.js";

/** A crypto-random `state` (RFC 6749 §10.12): 32 bytes, base64url. */
export function createState(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * PKCE (RFC 7636) with S256: a 43-character crypto-random verifier and its challenge
 * (§4.1, §4.2). Pass `verifier` to compute the challenge of a known one (e.g. the §4.6 /
 * Appendix B test vector).
 */
export async function createPkce(verifier: string = base64Url(crypto.getRandomValues(new Uint8Array(32)))): Promise<{ verifier: string; challenge: string; method: "S256" }> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)), method: "S256" };
}

export interface AuthorizationUrlOptions {
  /** The authorization endpoint. */
  endpoint: string | URL;
  clientId: string;
  responseType: "code" | "token" | (string & {});
  redirectUri?: string;
  scopes?: string[];
  state?: string;
  /** PKCE challenge (S256). */
  codeChallenge?: string;
  extra?: Record<string, string>;
}

/**
 * Build an RFC 6749 §4.1.1 / §4.2.1 authorization request URL. Parameters are
 * form-encoded; scopes are joined by a single space (§3.3), which is sent as `%20` rather
 * than `+` because some servers take `+` literally in a query.
 */
export function buildAuthorizationUrl(options: AuthorizationUrlOptions): URL {
  if (!URL.canParse(options.endpoint)) {
    // Not quoted: a URL may carry user info or a secret pasted in the wrong place.
    throw new ConfigurationError("The authorization endpoint is not a valid absolute URL.", { hint: "Give the full URL including https://." });
  }
  const url = new URL(options.endpoint);
  const p = url.searchParams;
  p.set("response_type", options.responseType);
  p.set("client_id", options.clientId);
  if (options.redirectUri) p.set("redirect_uri", options.redirectUri);
  if (options.state) p.set("state", options.state);
  if (options.scopes?.length) p.set("scope", options.scopes.join(" "));
  if (options.codeChallenge) {
    p.set("code_challenge", options.codeChallenge);
    p.set("code_challenge_method", "S256");
  }
  for (const [k, v] of Object.entries(options.extra ?? {})) p.set(k, v);
  url.search = p.toString().replace(/\+/g, "%20");
  return url;
}

/** What came back from an authorization server redirect (or was pasted by the user). */
export interface RedirectResult {
  code?: string;
  accessToken?: string;
  tokenType?: string;
  expiresIn?: string;
  scope?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** Every parameter found (query and fragment; fragment wins). */
  params: Record<string, string>;
  /** Where the values came from. */
  source: "query" | "fragment" | "pasted";
}

const PARAM_NAMES = /(^|[?#&])(code|access_token|state|error|token_type|expires_in|scope|oauth_token|oauth_verifier)=/;

/**
 * Parse what came back: a full redirect URL (query or fragment), a bare query or fragment
 * string (`?code=...`, `#access_token=...`, `code=...&state=...`), or a value the user pasted
 * from an out-of-band page (the code or token alone). Surrounding whitespace and quotes are
 * ignored. Throws {@link FlowError} for empty input or an RFC 6749 §4.1.2.1 error redirect.
 */
export function parseRedirect(input: string, options: { pastedAs?: "code" | "token" } = {}): RedirectResult {
  const value = stripQuotes(String(input).trim()).trim();
  if (!value) {
    throw new FlowError("Nothing was pasted or received from the authorization page.", {
      hint: "Paste the code or token the page shows, or the whole address from the browser's address bar.",
    });
  }
  let query = "";
  let fragment = "";
  let isUrl = false;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !PARAM_NAMES.test(value.split(/[?#]/)[0] ?? "")) {
    try {
      const u = new URL(value);
      query = u.search.slice(1);
      fragment = u.hash.slice(1);
      isUrl = true;
    } catch {
      /* not a URL: fall through */
    }
  }
  if (!isUrl) {
    if (value.startsWith("#")) fragment = value.slice(1);
    else if (value.startsWith("?")) {
      const hash = value.indexOf("#");
      query = value.slice(1, hash === -1 ? undefined : hash);
      if (hash !== -1) fragment = value.slice(hash + 1);
    } else if (PARAM_NAMES.test(value)) fragment = value;
  }
  const params: Record<string, string> = {};
  // In the query the first value of a name wins; in the fragment the last, and over the query's.
  const found = new Map<string, string>();
  for (const [k, v] of parseFormParams(query)) if (!found.has(k)) found.set(k, v);
  const fromFragment = parseFormParams(fragment);
  for (const [k, v] of fromFragment) found.set(k, v);
  // defineProperty, not assignment: a parameter named "__proto__" must stay data.
  for (const [k, v] of found) Object.defineProperty(params, k, { value: v, enumerable: true, writable: true, configurable: true });
  let source: RedirectResult["source"] = fromFragment.length > 0 ? "fragment" : "query";
  if (!isUrl && (value.startsWith("#") || value.startsWith("?")) && Object.keys(params).length === 0) {
    throw new FlowError("The redirect carries no code, token or error.", {
      hint: "Copy the address after the authorization page redirected, or paste the code itself.",
    });
  }
  if (!isUrl && !query && !fragment) {
    if (/\s/.test(value)) {
      throw new FlowError("The pasted value contains spaces, so it is not a code or token.", {
        hint: "Paste only the code or token the page shows, or the whole address from the address bar.",
      });
    }
    source = "pasted";
    params[options.pastedAs === "token" ? "access_token" : "code"] = value;
  }
  if (isUrl && Object.keys(params).length === 0) {
    throw new FlowError("The redirect address carries no code, token or error.", {
      hint: "Copy the address after the authorization page redirected, or paste the code itself.",
    });
  }
  const result: RedirectResult = { params, source };
  const map: [keyof RedirectResult, string][] = [
    ["code", "code"],
    ["accessToken", "access_token"],
    ["tokenType", "token_type"],
    ["expiresIn", "expires_in"],
    ["scope", "scope"],
    ["state", "state"],
    ["error", "error"],
    ["errorDescription", "error_description"],
  ];
  for (const [field, name] of map) if (Object.hasOwn(params, name)) (result as unknown as Record<string, string>)[field] = params[name]!;
  if (result.error !== undefined) {
    const denied = result.error === "access_denied";
    throw new FlowError(
      denied
        ? "Access was denied at the authorization page."
        : `The authorization server returned error "${result.error.slice(0, 60)}"${result.errorDescription ? `: ${result.errorDescription.slice(0, 200)}` : ""}.`,
      {
        error: result.error.slice(0, 60),
        hint: denied ? "Log in again and approve the request, or ask an administrator for access." : "Check the client id, redirect URI and scopes.",
      },
    );
  }
  // A token that cannot go into a header (a pasted "%0D%0A") is refused here, quoting nothing of it.
  if (result.accessToken !== undefined) checkTokenValue(result.accessToken, "access_token", source === "pasted" ? "The pasted token" : "The redirect");
  return result;
}

/** `s` without leading `"`, `'`, `<` and trailing `"`, `'`, `>` (a pasted `<url>` or `"code"`); linear. */
function stripQuotes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === '"' || s[start] === "'" || s[start] === "<")) start++;
  while (end > start && (s[end - 1] === '"' || s[end - 1] === "'" || s[end - 1] === ">")) end--;
  return s.slice(start, end);
}

/**
 * Check the returned `state` against the one sent (RFC 6749 §10.12), in constant time.
 * A mismatch is a {@link FlowError}: the response may be forged and must be discarded.
 */
export function checkState(expected: string, actual: string | undefined): void {
  const a = new TextEncoder().encode(expected);
  const b = new TextEncoder().encode(actual ?? "");
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
  if (actual === undefined || diff !== 0) {
    throw new FlowError(actual === undefined ? "The authorization response has no state." : "The authorization response's state does not match the request.", {
      hint: "Start the login again from this application; the response may be stale or forged, and was discarded.",
    });
  }
}
