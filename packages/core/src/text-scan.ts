/**
 * Small linear-time helpers for scanning text from outside (headers, bodies, redirect URLs,
 * pasted input). Each looks at every character a bounded number of times, so no input can make
 * it slow, unlike a backtracking regular expression (issue 10; see scripts/check-redos.mjs).
 */

/** ECMAScript `\s` (WhiteSpace and LineTerminator, ECMA-262 §12.2 / §12.3), by char code. */
export function isJsWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `s` without any trailing run of `char` (one UTF-16 unit), e.g. the slashes of a base URL. */
export function trimTrailing(s: string, char: string): string {
  const c = char.charCodeAt(0);
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === c) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** True when `s` has the ASCII word `lower` (given in lower case) at `at`, in any case. */
export function asciiWordAt(s: string, at: number, lower: string): boolean {
  if (at + lower.length > s.length) return false;
  for (let k = 0; k < lower.length; k++) {
    let c = s.charCodeAt(at + k);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}
