/**
 * The RFC 5849 §3.4.1 signature base string, built from the URL and body exactly as `fetch`
 * sends them. Cases common OAuth 1.0a libraries get wrong, and this gets right: `+` in a
 * query is a space (§3.4.1.3.1); parameter names are decoded too (`c%40`); a name present in
 * both the query and the body is kept twice (§3.4.1.3.2); the host is lower-cased and a
 * default port dropped (§3.4.1.2). Per request it does little: URLs are parsed once and
 * cached, parameters are kept as encoded pairs and sorted once.
 */
import { percentEncode, reencodeFormComponent } from "./percent-encode.js";

/** One parameter, both halves already §3.6-encoded. */
export type EncodedParam = readonly [name: string, value: string];

/** What the signature needs from a URL, computed once per distinct URL. */
export interface SigningTarget {
  /** §3.4.1.2 base string URI, already §3.6-encoded for the base string. */
  readonly encodedBaseUri: string;
  /** §3.4.1.3.1 query parameters, §3.6-encoded. */
  readonly query: readonly EncodedParam[];
}

const cache = new Map<string, SigningTarget>();
const CACHE_LIMIT = 256;

/**
 * Parse `url` the way `fetch` will send it (WHATWG URL: scheme and host lower-cased, default
 * port dropped, path and query percent-encoded), then derive the §3.4.1.2 base string URI
 * (`scheme://host[:port]/path`, no query, no fragment) and the §3.4.1.3.1 query parameters.
 * Results are cached per URL string: most programs call a handful of endpoints.
 */
export function signingTarget(url: string): SigningTarget {
  const hit = cache.get(url);
  if (hit) return hit;
  const u = new URL(url);
  // u.host omits the scheme's default port (§3.4.1.2: "MUST NOT" include :80 / :443).
  const target: SigningTarget = {
    encodedBaseUri: percentEncode(`${u.protocol}//${u.host}${u.pathname}`),
    query: parseForm(u.search.length > 1 ? u.search.slice(1) : ""),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(url, target);
  return target;
}

/**
 * Split an `application/x-www-form-urlencoded` string (a query without `?`, or a form body)
 * into §3.6-encoded pairs: `&` separates, the first `=` splits name from value, a missing
 * `=` means an empty value, empty segments are skipped (as URLSearchParams does).
 */
export function parseForm(text: string): EncodedParam[] {
  const out: EncodedParam[] = [];
  if (!text) return out;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf("&", start);
    if (end === -1) end = n;
    if (end > start) {
      const eq = text.indexOf("=", start);
      if (eq === -1 || eq > end) out.push([reencodeFormComponent(text.slice(start, end)), ""]);
      else out.push([reencodeFormComponent(text.slice(start, eq)), reencodeFormComponent(text.slice(eq + 1, end))]);
    }
    start = end + 1;
  }
  return out;
}

/** The pairs of a form body given as URLSearchParams (names and values are decoded text). */
export function encodeSearchParams(params: URLSearchParams): EncodedParam[] {
  const out: EncodedParam[] = [];
  for (const [k, v] of params) out.push([percentEncode(k), percentEncode(v)]);
  return out;
}

// §3.4.1.3.2: sort by name, then by value, by byte value. The encoded strings are ASCII, so
// UTF-16 code unit order is byte order.
const byNameThenValue = (a: EncodedParam, b: EncodedParam): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

// The parameter string is itself §3.6-encoded into the base string. Its pieces are already
// encoded, so only "%", "=" and "&" can need escaping again.
const escapeEncoded = (s: string): string => (s.indexOf("%") === -1 ? s : s.replace(/%/g, "%25"));

/**
 * §3.4.1.1: `METHOD&encoded-base-uri&encoded-normalized-parameters`. `params` is every
 * parameter to sign (query, form body, `oauth_*` except `oauth_signature`); it is sorted in
 * place, so pass an array you own.
 */
export function baseString(method: string, encodedBaseUri: string, params: EncodedParam[]): string {
  params.sort(byNameThenValue);
  let normalized = "";
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    normalized += `${i === 0 ? "" : "%26"}${escapeEncoded(p[0])}%3D${escapeEncoded(p[1])}`;
  }
  return `${percentEncode(method.toUpperCase())}&${encodedBaseUri}&${normalized}`;
}
