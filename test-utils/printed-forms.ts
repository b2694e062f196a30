// Shared by the packages' canary tests: every way an error or value gets printed — String(),
// util.inspect (deep), JSON.stringify, the stack, and the AuthError fields a CLI would show.
import { inspect } from "node:util";

export function printedForms(values: unknown[]): string[] {
  return values.flatMap((e) => {
    const fields = e instanceof Error ? (e as Error & { hint?: unknown; errorDescription?: unknown }) : undefined;
    return [
      String(e),
      inspect(e, { depth: 8 }),
      JSON.stringify(e) ?? "",
      fields ? `${fields.stack} ${String(fields.hint)} ${String(fields.errorDescription)}` : "",
    ];
  });
}
