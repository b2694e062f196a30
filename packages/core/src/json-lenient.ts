import { isJsWhitespace } from "./text-scan.js";

/**
 * Parse a JSON body the way real token endpoints send it. Strict JSON first; if that fails,
 * drop trailing commas before `}` or `]` (outside strings) and try again, because some
 * providers' documented responses carry one (e.g. `"expires_in":"3599",\n}`).
 * Throws a SyntaxError when it is not JSON either way. Linear in the text's length.
 */
export function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const cleaned = dropTrailingCommas(text);
    if (cleaned === text) throw error;
    return JSON.parse(cleaned);
  }
}

/**
 * `text` without the commas that directly precede `}` or `]` (whitespace between allowed),
 * outside strings. A comma right after `{`, `[` or another comma is kept, so `{,}` and `[1,,]`
 * stay errors. One pass: a string is skipped whole (escapes included), so a `,}` inside one is
 * left alone. This replaced a regex that took minutes on a few hundred KB of `"\`.
 */
export function dropTrailingCommas(text: string): string {
  const n = text.length;
  let out = "";
  let from = 0; // start of the text not yet copied to `out`
  let previous = 0; // last non-whitespace character outside strings (as sent: a dropped comma counts)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote; an unterminated one runs to the end
      i++;
      while (i < n && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      previous = c;
      continue;
    }
    if (isJsWhitespace(c)) continue;
    if (c === 0x2c && previous !== 0x7b && previous !== 0x5b && previous !== 0x2c) {
      let j = i + 1;
      while (j < n && isJsWhitespace(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      if (next === 0x7d || next === 0x5d) {
        out += text.slice(from, i);
        from = i + 1;
      }
    }
    previous = c;
  }
  return from === 0 ? text : out + text.slice(from);
}
