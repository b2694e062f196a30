/**
 * The delay a `Retry-After` header asks for, in ms from `now` (RFC 9110 §10.2.3): either
 * `delay-seconds` (1*DIGIT) or an HTTP-date. `undefined` when absent or malformed (then the
 * normal backoff applies); a date in the past is 0.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (v === "" || v.length > 64) return undefined;
  if (isDigits(v)) return Number(v) * 1000;
  // The three RFC 9110 §5.6.7 forms all begin with a weekday name; Date.parse reads them in
  // every runtime we support (and alone would take "-1" for a year).
  if (!WEEKDAYS.has(v.slice(0, 3))) return undefined;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const WEEKDAYS = new Set(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
