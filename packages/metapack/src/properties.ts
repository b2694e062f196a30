/**
 * A Java `.properties` reader, with the semantics of `java.util.Properties.load(Reader)`:
 * Metapack hands out credentials as an `apiKey.properties` file (docs/providers.md#metapack),
 * and their tools read it with Java, so a value must mean here what it means there.
 *
 * - Natural lines end with `\n`, `\r` or `\r\n`; leading spaces, tabs and form feeds are dropped.
 * - Blank lines and lines whose first non-blank character is `#` or `!` are comments
 *   (a comment never continues onto the next line).
 * - A line ending in an odd number of backslashes continues on the next line, whose
 *   leading whitespace is dropped.
 * - The key ends at the first unescaped `=`, `:` or whitespace; whitespace around one
 *   `=` or `:` separator is skipped; the rest of the line is the value (trailing whitespace kept).
 * - Escapes in keys and values: `\t \n \r \f`, `\uXXXX`; a backslash before any other
 *   character stands for that character (`\=`, `\:`, `\ `, `\\`, `\#`).
 * - A later duplicate key wins.
 *
 * One deliberate difference: a leading byte-order mark is ignored (Java would make it part
 * of the first key; editors on Windows add it).
 */

/** A malformed `\uXXXX` escape; carries the line number, never the line's text. */
export class PropertiesSyntaxError extends SyntaxError {
  readonly line: number;
  constructor(line: number) {
    super(`malformed \\uXXXX escape on line ${line}`);
    this.name = "PropertiesSyntaxError";
    this.line = line;
  }
}

const isBlank = (c: string | undefined) => c === " " || c === "\t" || c === "\f";
const trimStart = (s: string) => s.replace(/^[ \t\f]+/, "");

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

/** Parse `.properties` text into an ordered map of keys to values. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let i = 0;
  while (i < lines.length) {
    const lineNo = i + 1;
    let natural = trimStart(lines[i++]!);
    if (natural === "" || natural[0] === "#" || natural[0] === "!") continue;
    let logical = "";
    while (endsWithOddBackslashes(natural)) {
      logical += natural.slice(0, -1);
      if (i >= lines.length) {
        natural = "";
        break;
      }
      natural = trimStart(lines[i++]!);
    }
    logical += natural;
    const [key, value] = splitKeyValue(logical);
    out.set(unescapeJava(key, lineNo), unescapeJava(value, lineNo));
  }
  return out;
}

// java.util.Properties#load0: the key ends at the first unescaped separator or blank.
function splitKeyValue(line: string): [string, string] {
  let keyEnd = 0;
  let valueStart = line.length;
  let hasSeparator = false;
  let escaped = false;
  for (; keyEnd < line.length; keyEnd++) {
    const c = line[keyEnd]!;
    if (!escaped && (c === "=" || c === ":")) {
      valueStart = keyEnd + 1;
      hasSeparator = true;
      break;
    }
    if (!escaped && isBlank(c)) {
      valueStart = keyEnd + 1;
      break;
    }
    escaped = c === "\\" ? !escaped : false;
  }
  for (; valueStart < line.length; valueStart++) {
    const c = line[valueStart]!;
    if (isBlank(c)) continue;
    if (!hasSeparator && (c === "=" || c === ":")) {
      hasSeparator = true;
      continue;
    }
    break;
  }
  return [line.slice(0, keyEnd), line.slice(valueStart)];
}

const SIMPLE: Record<string, string> = { t: "\t", n: "\n", r: "\r", f: "\f" };

// java.util.Properties#loadConvert.
function unescapeJava(s: string, lineNo: number): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = s[++i];
    if (next === undefined) break;
    if (next === "u") {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PropertiesSyntaxError(lineNo);
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else out += SIMPLE[next] ?? next;
  }
  return out;
}
