/**
 * RFC 5849 §3.4.1 request normalisation, done before the request is handed to oauth-1.0a
 * (docs/providers.md#oauth-10a-quirks): fed as it is, the library signs a `+` in a query as
 * a plus, leaves encoded names encoded and collapses a name present in both query and body.
 * Here the query and the form body are decoded as §3.4.1.3.1 says (W3C HTML 4.0 §17.13.4:
 * `+` is a space, `%XX` an octet, names too), repeated names become arrays, and the base
 * string URI (§3.4.1.2) is taken from the URL as `fetch` sends it, without its query.
 *
 * What cannot be handed over is reported as `undefined`, and the signer then builds the base
 * string itself (base-string.ts): octets that are not UTF-8 (`%FF`: the library works on
 * decoded text, which cannot hold them), a parameter named `oauth_*` in the query or body
 * (it would overwrite the library's own protocol parameters) and a parameter named
 * `__proto__` (a plain object drops it).
 */

/** Decoded parameters by name; a repeated name has an array of its values. */
export type NormalizedParams = Record<string, string | string[]>;

/** What a URL contributes, computed once per distinct URL. */
export interface NormalizedUrl {
  /** §3.4.1.2 base string URI (`scheme://host[:port]/path`), not yet §3.6-encoded. */
  readonly baseUri: string;
  /** §3.4.1.3.1 query parameters, decoded; `undefined` when they cannot be handed over. */
  readonly query: readonly (readonly [string, string])[] | undefined;
}

const cache = new Map<string, NormalizedUrl>();
const CACHE_LIMIT = 256;

// String.prototype.toWellFormed (ES2024): lone surrogates -> U+FFFD, as fetch's UTF-8 encoder does.
const wellFormed = (s: string): string => {
  const f = (s as { toWellFormed?: () => string }).toWellFormed;
  return f ? f.call(s) : s;
};

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/**
 * One name or value of a query or form body, decoded: `+` is a space, `%XX` an octet, a `%`
 * without two hex digits a literal `%` (as URLSearchParams and most servers read it).
 * `undefined` when the octets are not UTF-8. Linear: one scan, one decodeURIComponent.
 */
export function decodeFormComponent(raw: string): string | undefined {
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 || c === 0x2b || c >= 0xd800) {
      plain = false;
      break;
    }
  }
  if (plain) return raw;
  let text = "";
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x2b) {
      text += `${raw.slice(from, i)} `;
      from = i + 1;
    } else if (c === 0x25 && !(i + 2 < raw.length && isHex(raw.charCodeAt(i + 1)) && isHex(raw.charCodeAt(i + 2)))) {
      text += `${raw.slice(from, i)}%25`;
      from = i + 1;
    }
  }
  text += raw.slice(from);
  try {
    return wellFormed(decodeURIComponent(text));
  } catch {
    return undefined; // octets that are not UTF-8
  }
}

/** A name the library cannot take in its `data` object. */
const refusedName = (name: string): boolean => name.startsWith("oauth_") || name === "__proto__";

/**
 * Split and decode an `application/x-www-form-urlencoded` string (a query without `?`, or a
 * form body): `&` separates, the first `=` splits name from value, a missing `=` is an empty
 * value, empty segments are skipped (as URLSearchParams does). `undefined` when a part
 * cannot be handed to the library (see the file's comment).
 */
export function decodeForm(text: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  let start = 0;
  const n = text.length;
  while (start <= n && n > 0) {
    let end = text.indexOf("&", start);
    if (end === -1) end = n;
    if (end > start) {
      const eq = text.indexOf("=", start);
      const split = eq === -1 || eq > end ? end : eq;
      const name = decodeFormComponent(text.slice(start, split));
      const value = split === end ? "" : decodeFormComponent(text.slice(split + 1, end));
      if (name === undefined || value === undefined || refusedName(name)) return undefined;
      out.push([name, value]);
    }
    start = end + 1;
  }
  return out;
}

/** Form parameters given as URLSearchParams (already decoded text); `undefined` as {@link decodeForm}. */
export function searchParamPairs(params: URLSearchParams): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const [name, value] of params) {
    if (refusedName(name)) return undefined;
    out.push([name, value]);
  }
  return out;
}

/**
 * The URL as `fetch` will send it (WHATWG URL: scheme and host lower-cased, default port
 * dropped, path and query percent-encoded), split into the §3.4.1.2 base string URI and the
 * decoded §3.4.1.3.1 query. Cached per URL string: most programs call a handful of endpoints.
 */
export function normalizeUrl(url: string): NormalizedUrl {
  const hit = cache.get(url);
  if (hit) return hit;
  const u = new URL(url);
  // u.host omits the scheme's default port (§3.4.1.2: "MUST NOT" include :80 / :443).
  const target: NormalizedUrl = { baseUri: `${u.protocol}//${u.host}${u.pathname}`, query: decodeForm(u.search.length > 1 ? u.search.slice(1) : "") };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(url, target);
  return target;
}

/**
 * Add `pairs` to `params`, a repeated name becoming an array of its values (§3.4.1.3.2 signs
 * every occurrence; oauth-1.0a takes them as an array and sorts them).
 */
export function addParams(params: NormalizedParams, pairs: readonly (readonly [string, string])[]): void {
  for (let i = 0; i < pairs.length; i++) {
    const [name, value] = pairs[i]!;
    const had = params[name];
    if (had === undefined) params[name] = value;
    else if (typeof had === "string") params[name] = [had, value];
    else had.push(value);
  }
}
