import { isJsWhitespace } from "./text-scan.js";

/** One challenge of a `WWW-Authenticate` header (RFC 7235 §4.1, RFC 6750 §3). */
export interface Challenge {
  /** Lower-cased auth scheme, e.g. `bearer`. */
  scheme: string;
  /** Auth parameters, names lower-cased, values unquoted. */
  params: Record<string, string>;
  /** token68 form (`Basic abc==`), when present instead of parameters. */
  token68?: string;
}

// RFC 9110 §5.6.2 tchar, as a lookup table: the parser below is a single left-to-right scan,
// linear in the header's length whatever a server sends (issue 10: no backtracking regex on
// outside text).
const TCHAR = charSet("!#$%&'*+.^_`|~-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
// RFC 7235 §2.1 token68 characters (without the trailing "=" padding).
const T68 = charSet("-._~+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

function charSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}
const isTchar = (c: number) => c < 128 && TCHAR[c] === 1;
const isT68 = (c: number) => c < 128 && T68[c] === 1;
const isBlank = (c: number) => c === 0x20 || c === 0x09;
/**
 * Parse a `WWW-Authenticate` header into its challenges. Tolerant: malformed parts are
 * skipped, never thrown, because the header comes from a server we do not control. Runs in
 * time linear in the header's length.
 * `parseWwwAuthenticate('Bearer error="insufficient_scope", scope="manageJobs"')`
 * -> `[{ scheme: "bearer", params: { error: "insufficient_scope", scope: "manageJobs" } }]`
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 */
export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  if (!header) return challenges;
  const s = header;
  const n = s.length;
  const skipWhile = (from: number, test: (c: number) => boolean) => {
    let i = from;
    while (i < n && test(s.charCodeAt(i))) i++;
    return i;
  };
  let i = 0;
  let current: Challenge | undefined;
  while (i < n) {
    i = skipWhile(i, (c) => isJsWhitespace(c) || c === 0x2c);
    if (i >= n) break;
    const nameEnd = skipWhile(i, isTchar);
    if (nameEnd === i) {
      i++; // unparseable character: drop it and go on
      continue;
    }
    const name = s.slice(i, nameEnd);
    i = skipWhile(nameEnd, isBlank);
    if (current && s.charCodeAt(i) === 0x3d && !onlyEqualsToEnd(s, i)) {
      // auth-param of the current challenge: name = token / quoted-string
      i = skipWhile(i + 1, isBlank);
      let value = "";
      if (s.charCodeAt(i) === 0x22) {
        i++;
        let from = i;
        while (i < n && s.charCodeAt(i) !== 0x22) {
          if (s.charCodeAt(i) === 0x5c && i + 1 < n) {
            value += s.slice(from, i);
            from = ++i; // quoted-pair: keep the escaped character
          }
          i++;
        }
        value += s.slice(from, i);
        i++; // the closing quote
      } else {
        const end = skipWhile(i, isTchar);
        value = s.slice(i, end);
        i = end;
      }
      const key = name.toLowerCase();
      // Own properties only: a parameter named "constructor" or "__proto__" is still a parameter.
      if (!Object.hasOwn(current.params, key)) setOwn(current.params, key, value);
      continue;
    }
    i = nameEnd;
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    i = skipWhile(i, isBlank);
    // token68 (e.g. "Basic abc==") directly after the scheme, not followed by "=value"
    const t68 = token68At(s, i);
    if (t68 > i && !paramAt(s, i)) {
      current.token68 = s.slice(i, t68);
      i = t68;
    }
  }
  return challenges;
}

/** `=+ \s* ("," / end)`: an "=" that starts no value (the padding of a bare token68). */
function onlyEqualsToEnd(s: string, at: number): boolean {
  let i = at;
  while (s.charCodeAt(i) === 0x3d) i++;
  while (i < s.length && isJsWhitespace(s.charCodeAt(i))) i++;
  return i >= s.length || s.charCodeAt(i) === 0x2c;
}

/** End of a token68 at `at` (`1*t68char *"="` followed by `\s* ("," / end)`), or `at` when there is none. */
function token68At(s: string, at: number): number {
  let i = at;
  while (i < s.length && isT68(s.charCodeAt(i))) i++;
  if (i === at) return at;
  while (s.charCodeAt(i) === 0x3d) i++;
  const end = i;
  while (i < s.length && isJsWhitespace(s.charCodeAt(i))) i++;
  return i >= s.length || s.charCodeAt(i) === 0x2c ? end : at;
}

/** `1*tchar \s* "=" <not "=">`: an auth-param, not a token68, starts at `at`. */
function paramAt(s: string, at: number): boolean {
  let i = at;
  while (i < s.length && isTchar(s.charCodeAt(i))) i++;
  if (i === at) return false;
  while (i < s.length && isJsWhitespace(s.charCodeAt(i))) i++;
  return s.charCodeAt(i) === 0x3d && i + 1 < s.length && s.charCodeAt(i + 1) !== 0x3d;
}

function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The Bearer challenge's parameters, if the header has one. */
export function bearerChallenge(header: string | null | undefined): Record<string, string> | undefined {
  return parseWwwAuthenticate(header).find((c) => c.scheme === "bearer")?.params;
}
