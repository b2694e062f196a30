/**
 * `application/x-www-form-urlencoded` parsing (WHATWG URL §5.1), as `URLSearchParams` does it,
 * but in time linear in the input: Node's URLSearchParams takes quadratic time on pairs without
 * "=" (`&a&a&a…`: 200 000 of them take seconds), and a query, fragment or body comes from
 * outside. `+` is a space, `%XX` a byte, bytes are UTF-8 decoded (invalid ones become U+FFFD),
 * a leading "?" is ignored, empty pairs are skipped, a pair without "=" has an empty value.
 * @see https://url.spec.whatwg.org/#urlencoded-parsing
 */
export function parseFormParams(input: string): [name: string, value: string][] {
  const pairs: [string, string][] = [];
  const n = input.length;
  let i = input.charCodeAt(0) === 0x3f ? 1 : 0;
  while (i <= n) {
    let end = input.indexOf("&", i);
    if (end === -1) end = n;
    if (end > i) {
      let eq = i;
      while (eq < end && input.charCodeAt(eq) !== 0x3d) eq++;
      pairs.push([decodeComponent(input, i, eq), eq < end ? decodeComponent(input, eq + 1, end) : ""]);
    }
    i = end + 1;
  }
  return pairs;
}

const UTF8_DECODER = new TextDecoder();

function decodeComponent(s: string, from: number, to: number): string {
  let plain = true;
  for (let k = from; k < to && plain; k++) {
    const c = s.charCodeAt(k);
    plain = c !== 0x25 && c !== 0x2b;
  }
  if (plain) return s.slice(from, to);
  const bytes = new Uint8Array(3 * (to - from));
  let len = 0;
  for (let k = from; k < to; k++) {
    let c = s.charCodeAt(k);
    if (c === 0x2b) bytes[len++] = 0x20;
    else if (c === 0x25 && k + 2 < to && hex(s.charCodeAt(k + 1)) >= 0 && hex(s.charCodeAt(k + 2)) >= 0) {
      bytes[len++] = hex(s.charCodeAt(k + 1)) * 16 + hex(s.charCodeAt(k + 2));
      k += 2;
    } else if (c < 0x80) bytes[len++] = c;
    else if (c < 0x800) {
      bytes[len++] = 0xc0 | (c >> 6);
      bytes[len++] = 0x80 | (c & 0x3f);
    } else {
      const next = s.charCodeAt(k + 1);
      if (c >= 0xd800 && c <= 0xdbff && k + 1 < to && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        bytes[len++] = 0xf0 | (cp >> 18);
        bytes[len++] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[len++] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[len++] = 0x80 | (cp & 0x3f);
        k++;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate
      bytes[len++] = 0xe0 | (c >> 12);
      bytes[len++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[len++] = 0x80 | (c & 0x3f);
    }
  }
  return UTF8_DECODER.decode(bytes.subarray(0, len));
}

const hex = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1);
