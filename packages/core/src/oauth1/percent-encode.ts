/**
 * RFC 5849 §3.6 percent-encoding: UTF-8 octets, every character except the unreserved
 * set (ALPHA, DIGIT, "-", ".", "_", "~") escaped as `%XX` with upper-case hex digits.
 */

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
// encodeURIComponent leaves these five reserved characters alone; §3.6 escapes them.
const SUB_DELIMS = /[!'()*]/g;
const HEX: string[] = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`);

function isUnreservedByte(b: number): boolean {
  return (
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x2e || // .
    b === 0x5f || // _
    b === 0x7e // ~
  );
}

// String.prototype.toWellFormed (ES2024): lone surrogates -> U+FFFD, as the WHATWG UTF-8 encoder does.
const wellFormed = (s: string): string => {
  const f = (s as { toWellFormed?: () => string }).toWellFormed;
  return f ? f.call(s) : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
};

const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/**
 * §3.6 encoding of a (decoded) string. Lone surrogates become U+FFFD, as `fetch` and
 * `URLSearchParams` send them (WHATWG UTF-8 encode), so the signature matches the bytes sent.
 */
export function percentEncode(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  return encodeURIComponent(wellFormed(value)).replace(SUB_DELIMS, (c) => HEX[c.charCodeAt(0)]!);
}

/**
 * Re-encode one name or value exactly as it appears in a query string or an
 * `application/x-www-form-urlencoded` body, per RFC 5849 §3.4.1.3.1 (decode as W3C HTML 4.0
 * §17.13.4: `+` is a space, `%XX` an octet) followed by §3.6 (encode the octets again).
 *
 * Works on octets, not on decoded text, so `%FF` (not UTF-8) is signed as `%FF`, the byte the
 * server decodes, rather than as U+FFFD. A `%` not followed by two hex digits is a literal
 * `%` (what URLSearchParams and most servers do), signed as `%25`.
 */
export function reencodeFormComponent(raw: string): string {
  if (UNRESERVED_ONLY.test(raw)) return raw;
  let out = "";
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25) {
      const hi = i + 2 < n ? hexValue(raw.charCodeAt(i + 1)) : -1;
      const lo = hi >= 0 ? hexValue(raw.charCodeAt(i + 2)) : -1;
      if (lo >= 0) {
        const b = (hi << 4) | lo;
        out += isUnreservedByte(b) ? String.fromCharCode(b) : HEX[b];
        i += 2;
      } else out += "%25";
    } else if (c === 0x2b) out += "%20";
    else if (c < 0x80) out += isUnreservedByte(c) ? raw[i] : HEX[c];
    else {
      // A run of non-ASCII characters: their UTF-8 octets, all escaped.
      let j = i + 1;
      while (j < n && raw.charCodeAt(j) >= 0x80) j++;
      out += encodeURIComponent(wellFormed(raw.slice(i, j)));
      i = j - 1;
    }
  }
  return out;
}
