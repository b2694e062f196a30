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
 * Replace every occurrence of the given values in `text` by `[redacted]`, as is and as they
 * appear inside a JSON string (a `"`, `\` or tab escaped). Used on excerpts of server
 * responses before they are quoted in an error (a server may echo what it was sent).
 *
 * ```ts
 * redact('{"echo":"s3cret-value"}', [clientSecret]); // '{"echo":"[redacted]"}'
 * ```
 */
export function redact(text: string, secrets: Iterable<string | Secret | undefined>): string {
  let out = text;
  for (const s of secrets) {
    const v = s instanceof Secret ? s.reveal() : s;
    if (!v || v.length < 4) continue;
    // As sent, JSON-escaped, and percent-encoded once or twice (echoed in a URL or a signature base string).
    const once = encodeURIComponent(v);
    for (const form of [v, JSON.stringify(v).slice(1, -1), once, encodeURIComponent(once)]) out = out.split(form).join(REDACTED);
  }
  return out;
}
