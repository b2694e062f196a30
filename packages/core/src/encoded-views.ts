/**
 * Decoded views of a text, for finding a secret however a server or a log encoded it: JSON
 * string escapes (any character as `\uXXXX`, either hex case, as Python's `ensure_ascii` or Go's
 * HTML-safe JSON write them), HTML character references, percent- and form-encoding (once or
 * twice). Each view keeps, for every decoded unit, the range of the original text it came from,
 * so a match in the view can be cut out of the original. Every view is built in one linear scan.
 */

/** A decoded text and, for each of its units, the `[start, end)` range of the original it came from. */
export interface View {
  text: string;
  start: Int32Array;
  end: Int32Array;
  /** True when `text` holds UTF-8 bytes (one unit per byte) rather than UTF-16 text. */
  bytes: boolean;
}

// Typed arrays sized for the worst case (three UTF-8 bytes per UTF-16 unit), filled in one pass.
class Builder {
  codes: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }
  push(code: number, from: number, to: number): void {
    this.codes[this.length] = code;
    this.start[this.length] = from;
    this.end[this.length++] = to;
  }
  view(bytes: boolean): View {
    let text = "";
    for (let k = 0; k < this.length; k += 8192) text += String.fromCharCode(...this.codes.subarray(k, Math.min(this.length, k + 8192)));
    return { text, start: this.start.subarray(0, this.length), end: this.end.subarray(0, this.length), bytes };
  }
}

const hex = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1);

function hexRun(s: string, at: number, length: number): number {
  if (at + length > s.length) return -1;
  let v = 0;
  for (let k = 0; k < length; k++) {
    const h = hex(s.charCodeAt(at + k));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

const JSON_SIMPLE: Record<string, number> = { '"': 0x22, "\\": 0x5c, "/": 0x2f, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09 };

/** JSON string escapes decoded: `\"`, `\\`, `\/`, `\n`…, and `\uXXXX` for any character (RFC 8259 §7). */
export function jsonView(s: string): View {
  const b = new Builder(s.length);
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 0x5c && i + 1 < s.length) {
      const e = s[i + 1]!;
      if (e === "u") {
        const v = hexRun(s, i + 2, 4);
        if (v >= 0) {
          b.push(v, i, i + 6);
          i += 5;
          continue;
        }
      } else if (Object.hasOwn(JSON_SIMPLE, e)) {
        b.push(JSON_SIMPLE[e]!, i, i + 2);
        i++;
        continue;
      }
    }
    b.push(s.charCodeAt(i), i, i + 1);
  }
  return b.view(false);
}

const NAMED: Record<string, number> = { amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27, AMP: 0x26, LT: 0x3c, GT: 0x3e, QUOT: 0x22, nbsp: 0xa0 };

/** HTML character references decoded: `&amp; &lt; &gt; &quot; &apos;`, `&#39;`, `&#x27;` (any character). */
export function htmlView(s: string): View {
  const b = new Builder(s.length);
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 0x26) {
      // References are short: look no further than 10 characters for the ";" (an unbounded
      // search would make a body of "&&&&" quadratic).
      let semi = i + 1;
      while (semi < s.length && semi - i <= 10 && s.charCodeAt(semi) !== 0x3b) semi++;
      if (semi < s.length && s.charCodeAt(semi) === 0x3b) {
        const cp = referenceValue(s.slice(i + 1, semi));
        if (cp >= 0) {
          if (cp > 0xffff) {
            b.push(0xd800 + ((cp - 0x10000) >> 10), i, semi + 1);
            b.push(0xdc00 + ((cp - 0x10000) & 0x3ff), i, semi + 1);
          } else b.push(cp, i, semi + 1);
          i = semi;
          continue;
        }
      }
    }
    b.push(s.charCodeAt(i), i, i + 1);
  }
  return b.view(false);
}

/** The code point of a character reference's body (`amp`, `#39`, `#x27`), or -1. */
function referenceValue(body: string): number {
  if (Object.hasOwn(NAMED, body)) return NAMED[body]!;
  if (body.charCodeAt(0) !== 0x23 || body.length < 2) return -1;
  const isHex = body[1] === "x" || body[1] === "X";
  let v = 0;
  for (let k = isHex ? 2 : 1; k < body.length; k++) {
    const d = isHex ? hex(body.charCodeAt(k)) : body.charCodeAt(k) - 0x30;
    if (d < 0 || d > (isHex ? 15 : 9)) return -1;
    v = v * (isHex ? 16 : 10) + d;
  }
  return (isHex && body.length === 2) || v > 0x10ffff ? -1 : v;
}

/**
 * Percent-decoded bytes (RFC 3986 §2.1, either hex case); with `form`, `+` is a space
 * (application/x-www-form-urlencoded). Characters not escaped become their UTF-8 bytes, so the
 * view is compared with a secret's UTF-8 bytes (see {@link utf8Units}). `input` may itself be a
 * byte view, to decode a second time (`%2541` -> `%41` -> `A`).
 */
export function percentView(input: string | View, form: boolean): View {
  const s = typeof input === "string" ? input : input.text;
  const bytes = typeof input !== "string" && input.bytes;
  const b = new Builder(bytes ? s.length : 3 * s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const v = hexRun(s, i + 1, 2);
      if (v >= 0) {
        b.push(v, i, i + 3);
        i += 2;
        continue;
      }
    }
    if (form && c === 0x2b) b.push(0x20, i, i + 1);
    else if (bytes || c < 0x80) b.push(c, i, i + 1);
    else if (c < 0x800) {
      b.push(0xc0 | (c >> 6), i, i + 1);
      b.push(0x80 | (c & 0x3f), i, i + 1);
    } else {
      const cp = s.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      // A lone surrogate is U+FFFD, as TextEncoder writes it.
      const code = cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
      for (const byte of UTF8.encode(String.fromCodePoint(code))) b.push(byte, i, i + width);
      i += width - 1;
    }
  }
  const view = b.view(true);
  if (typeof input === "string") return view;
  // Map back through the view this one decoded.
  const start = new Int32Array(view.start.length);
  const end = new Int32Array(view.end.length);
  for (let k = 0; k < start.length; k++) {
    start[k] = input.start[view.start[k]!]!;
    end[k] = input.end[view.end[k]! - 1]!;
  }
  return { text: view.text, start, end, bytes: true };
}

/** The UTF-8 bytes of `s`, one character (U+0000–U+00FF) per byte. */
export function utf8Units(s: string): string {
  let out = "";
  for (const byte of UTF8.encode(s)) out += String.fromCharCode(byte);
  return out;
}

const UTF8 = new TextEncoder();

/** `[start, end)` ranges of the original text where `needle` occurs in `view`. */
export function* occurrences(view: View, needle: string): Generator<[number, number]> {
  if (!needle) return;
  let at = view.text.indexOf(needle);
  while (at !== -1) {
    yield [view.start[at]!, view.end[at + needle.length - 1]!];
    at = view.text.indexOf(needle, at + needle.length);
  }
}
