// Shared by the packages' canary tests: every way an error or value gets printed — String(),
// util.inspect (deep), JSON.stringify, the stack, and the AuthError fields a CLI would show;
// with the assertion over them and the two ways of catching the error to print.
import { inspect } from "node:util";
import { expect } from "vitest";

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

/** Expect none of `canaries` in any of `forms` (the failure names the canary that leaked). */
export function expectNoCanary(forms: string[], canaries: string[]): void {
  for (const form of forms) for (const c of canaries) expect(form, `leaked ${c}`).not.toContain(c);
}

/** The error `fn` throws; fails the test when it throws nothing. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but nothing was thrown");
}

/** The error `p` rejects with; fails the test when it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
