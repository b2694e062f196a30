import type { RouteContext } from "../route-context.js";

export const FORM = "application/x-www-form-urlencoded";

/** The emulator's `Date` header value at `clock()`. */
export const httpDate = (clock: () => number) => new Date(clock()).toUTCString();

/**
 * A refusal as OAuth Problem Reporting describes it: a form-encoded `oauth_problem` and
 * `oauth_problem_advice` (plus `extra` parameters) with `WWW-Authenticate: OAuth`.
 */
export function sendProblem(ctx: RouteContext, clock: () => number, status: number, name: string, advice: string, extra: Record<string, string> = {}): void {
  const body = new URLSearchParams({ oauth_problem: name, oauth_problem_advice: advice, ...extra });
  ctx.send(status, body.toString(), { "content-type": FORM, "www-authenticate": `OAuth realm="${ctx.base}/"`, date: httpDate(clock) });
}
