/**
 * `node:util` parseArgs takes `--timeout -5` for a missing value followed by an option `-5`
 * and calls it "ambiguous". A value that looks like a number (`-5`, `-0.5`, `-.5`) after an
 * option that takes a value is the value the user meant: join it as `--timeout=-5`, so the
 * option's own check can say what is wrong with it.
 */
export function joinNegativeValues(argv: readonly string[], options: Record<string, { type: "string" | "boolean"; short?: string }>): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== "string") continue;
    takesValue.add(`--${name}`);
    if (spec.short) takesValue.add(`-${spec.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (takesValue.has(arg) && next !== undefined && looksNegativeNumber(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function looksNegativeNumber(value: string): boolean {
  const c = value.charCodeAt(1);
  return value.charCodeAt(0) === 0x2d && ((c >= 0x30 && c <= 0x39) || (c === 0x2e && value.length > 2));
}
