/**
 * The hostile-server matrix every provider's tests run: each fault of @auth/testing's
 * HostileFault, the typed error it must end in, fast, with no credential in it and nothing
 * sent to the other origin a redirect names.
 */
// Structural types (this folder is outside every package, so it imports none of ours): the
// caller passes @auth/testing's startServer.
import { expect } from "vitest";

type Fault = { kind: string; paths?: string[] } & Record<string, unknown>;
interface OtherOrigin {
  url: string;
  requests: { count(path?: string): number; clear(): void };
  close(): Promise<void>;
}
type StartServer = (handler: (ctx: { json(status: number, value: unknown): void }) => void) => Promise<OtherOrigin>;

export interface HostileCase<F = Fault> {
  name: string;
  /** The fault, given the other origin's URL and the path to spoil. */
  fault: (other: string, path: string) => F;
  code: string;
}

/** Test deadline of each request (ms): the faults must end within a few of these. */
export const HOSTILE_TIMEOUT_MS = 300;
/** Every fault ends in a typed error within this, retries included. */
export const HOSTILE_BOUND_MS = 3_000;

const HOSTILE_CASES: HostileCase[] = [
  ...([301, 302, 307, 308] as const).map((status) => ({
    name: `${status} redirect to another origin`,
    fault: (other: string, path: string): Fault => ({ kind: "redirect", status, location: `${other}${path}?stolen=1`, paths: [path] }),
    code: "redirect",
  })),
  { name: "downgrade redirect to http://", fault: (other, path) => ({ kind: "downgradeRedirect", host: new URL(other).host, paths: [path] }), code: "redirect" },
  { name: "endless body", fault: (_, path) => ({ kind: "endlessBody", paths: [path] }), code: "timeout" },
  { name: "trickling body", fault: (_, path) => ({ kind: "slowBody", intervalMs: 20, paths: [path] }), code: "timeout" },
  { name: "100 MB body", fault: (_, path) => ({ kind: "hugeBody", paths: [path] }), code: "response_too_large" },
  { name: "connection reset mid-body", fault: (_, path) => ({ kind: "resetMidBody", paths: [path] }), code: "network" },
  { name: "pathological HTML error page", fault: (_, path) => ({ kind: "pathologicalHtml", status: 502, paths: [path] }), code: "token_endpoint" },
];

/** The matrix, typed with @auth/testing's `Fault` by the caller (this folder cannot import it). */
export const hostileCases = <F>(): HostileCase<F>[] => HOSTILE_CASES as unknown as HostileCase<F>[];

/** A server standing for the other origin: counts what reaches it. */
export const startOtherOrigin = (startServer: StartServer): Promise<OtherOrigin> => startServer((ctx) => ctx.json(200, { access_token: "from-the-other-origin", token_type: "Bearer", oauth_token: "x", oauth_token_secret: "y" }));

/** Run `call`, expect a typed error with `code` within the bound, quoting none of `secrets` (in any printed form). */
export async function expectHostileFailure(call: () => Promise<unknown>, code: string, secrets: string[]): Promise<Error & { code: string; hint?: string }> {
  const t0 = performance.now();
  let error: (Error & { code: string; hint?: string }) | undefined;
  try {
    await call();
  } catch (e) {
    error = e as Error & { code: string; hint?: string };
  }
  const ms = performance.now() - t0;
  expect(error, "the call must fail").toBeInstanceOf(Error);
  expect(error!.constructor.name, "a typed AuthError").not.toBe("Error");
  expect(error!.code).toBe(code);
  expect(error!.hint, "every failure has a hint").toBeTruthy();
  expect(ms).toBeLessThan(HOSTILE_BOUND_MS);
  const printed = `${error!.message}\n${error!.hint}\n${error!.stack}\n${JSON.stringify(error)}\n${String((error as { cause?: unknown }).cause ?? "")}`;
  for (const s of secrets) {
    expect(printed).not.toContain(s);
    expect(printed).not.toContain(encodeURIComponent(s));
  }
  expect(printed).not.toContain("stolen=1");
  return error!;
}
