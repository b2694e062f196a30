import { htmlView, jsonView, occurrences, percentView, utf8Units, type View } from "./encoded-views.js";
import { trimTrailing } from "./text-scan.js";

const REDACTED = "[redacted]";
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
// Private storage: a WeakMap keeps the value off the object, so no enumeration or
// structured clone of the wrapper can expose it.
const values = new WeakMap<Secret, string>();

/**
 * A value that must never be printed. `String(secret)`, `JSON.stringify(secret)`,
 * template literals and `util.inspect` / `console.log` all show `[redacted]`; only
 * {@link Secret.reveal} gives the value, at the one place it is sent.
 *
 * ```ts
 * const secret = new Secret(process.env.CLIENT_SECRET!);
 * console.log(`${secret}`, JSON.stringify({ secret })); // [redacted] {"secret":"[redacted]"}
 * ```
 */
export class Secret {
  constructor(value: string) {
    values.set(this, value);
  }

  /** The secret value. Call it only where the value is sent or hashed. */
  reveal(): string {
    return values.get(this) as string;
  }

  /** `[redacted]`: template literals and string concatenation never show the value. */
  toString(): string {
    return REDACTED;
  }

  /** `[redacted]`: `JSON.stringify` never shows the value. */
  toJSON(): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return `Secret(${REDACTED})`;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  /** Wrap a string (or pass a Secret through). */
  static from(value: string | Secret): Secret {
    return value instanceof Secret ? value : new Secret(value);
  }
}

/** The redaction marker used in every printed form. */
export const redacted = REDACTED;

/**
 * What {@link redact} hides: a value (`string` or {@link Secret}), or a client id and secret
 * pair sent as HTTP Basic credentials, whose Base64 forms (`id:secret`, raw and
 * form-encoded first as RFC 6749 §2.3.1 says) are hidden as well as the secret.
 */
export type Redactable = string | Secret | undefined | { basic: readonly [clientId: string, clientSecret: string | Secret] };

/**
 * Replace every occurrence of the given values in `text` by `[redacted]`, in every encoding a
 * server or a log may echo them in: as is; JSON-escaped, with any or all characters as
 * `\uXXXX` in either hex case (Python's `ensure_ascii`, Go's HTML-safe `\u003c`) or `\/`;
 * HTML-escaped (`&amp; &lt; &gt; &quot; &#39; &#x27;`, any numeric reference); percent-encoded
 * once or twice, either hex case, with `+` for a space (form encoding); and, for a
 * `{ basic: [id, secret] }` pair, the Base64 of `id:secret` (standard and URL-safe, padded or
 * not). Values shorter than 4 characters are left alone (they would match everywhere).
 * Used on server responses before they are quoted in an error; call it on the whole text before
 * cutting an excerpt, so no prefix of a secret survives the cut. Linear in the text's length
 * for each value.
 *
 * ```ts
 * redact('{"echo":"s3cret-value"}', [clientSecret]); // '{"echo":"[redacted]"}'
 * redact("auth=Y2xpZW50OnMzY3JldC12YWx1ZQ==", [{ basic: ["client", clientSecret] }]); // "auth=[redacted]"
 * ```
 */
export function redact(text: string, secrets: Iterable<Redactable>): string {
  const values: string[] = [];
  const literal: string[] = []; // forms searched as they are (Base64)
  for (const s of secrets) {
    if (s && typeof s === "object" && !(s instanceof Secret)) {
      const [id, secretValue] = s.basic;
      const v = Secret.from(secretValue).reveal();
      if (v) values.push(v);
      for (const pair of [`${id}:${v}`, `${formEncode(id)}:${formEncode(v)}`]) literal.push(...base64Forms(pair));
      continue;
    }
    const v = s instanceof Secret ? s.reveal() : s;
    if (v) values.push(v);
  }
  const needles = [...new Set(values.filter((v) => v.length >= 4))];
  // The common encodings also as they are: a decoded view can read an escape across the
  // secret's edge (text "%" + secret "AB…" decodes as the byte %AB), a literal search cannot.
  for (const v of needles) {
    const once = encodeURIComponent(v);
    // RFC 3986 §2.3 strict (OAuth 1.0a's encoding) escapes !'()* as well.
    const strict = once.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    literal.push(JSON.stringify(v).slice(1, -1), once, lowerHex(once), strict, lowerHex(strict), formEncode(v), formEncode(formEncode(v)), encodeURIComponent(once), encodeURIComponent(strict));
  }
  const forms = [...new Set(literal)].filter((f) => !needles.includes(f));
  if (!text || (needles.length === 0 && forms.length === 0)) return text;
  const ranges: [number, number][] = [];
  for (const needle of [...needles, ...forms]) {
    let at = text.indexOf(needle);
    while (at !== -1) {
      ranges.push([at, at + needle.length]);
      at = text.indexOf(needle, at + needle.length);
    }
  }
  // Decoded views only where the text has something to decode.
  const views: View[] = [];
  if (text.includes("\\")) views.push(jsonView(text));
  if (text.includes("&")) views.push(htmlView(text));
  if (text.includes("%") || text.includes("+")) {
    const once = percentView(text, false);
    views.push(once, percentView(text, true));
    if (once.text.includes("%")) views.push(percentView(once, false), percentView(percentView(text, true), true));
  }
  for (const view of views) {
    for (const needle of needles) for (const r of occurrences(view, view.bytes ? utf8Units(needle) : needle)) ranges.push(r);
    for (const form of forms) for (const r of occurrences(view, form)) ranges.push(r);
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = "";
  let from = 0;
  for (const [start, end] of ranges) {
    if (start < from) {
      from = Math.max(from, end); // overlaps the range just replaced: one marker for both
      continue;
    }
    out += `${text.slice(from, start)}${REDACTED}`;
    from = end;
  }
  return out + text.slice(from);
}

/** `%XX` escapes with lower-case hex digits, as some servers write them. */
function lowerHex(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += s[i - 1] === "%" || s[i - 2] === "%" ? s[i]!.toLowerCase() : s[i]!;
  return out;
}

/** `application/x-www-form-urlencoded` of one value, as RFC 6749 §2.3.1 sends Basic credentials. */
const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/** Base64 of the UTF-8 of `s`, standard and URL-safe, with and without padding. */
function base64Forms(s: string): string[] {
  const standard = btoa(utf8Units(s));
  const unpadded = trimTrailing(standard, "=");
  const urlSafe = unpadded.replaceAll("+", "-").replaceAll("/", "_");
  return [standard, unpadded, urlSafe];
}
