// Issue 10 item 1: what @auth/bynder reads from outside (the handshake's token responses and
// 401 bodies, form-encoded or JSON) is parsed in time linear in its size. Each body is 1 MB built
// to make a backtracking regex or Node's URLSearchParams (quadratic on "&a&a&a…") slow; the
// whole exchange must settle within a generous bound. The parsing runs after an await, so a
// regression shows as a failed bound here (not a vm interrupt, as in the synchronous tests).
import { AuthError } from "@auth/core";
import { describe, expect, test } from "vitest";
import { unauthorizedFromResponse } from "../src/errors.js";
import { createBynderAuth } from "../src/index.js";

// Just under core's default response bound (1 MiB), so the parsers really see the whole body
// (a 401 explanation is read up to 64 KB).
const SIZE = 1024 * 1024 - 64;
// Linear work on 1 MB: ~0.5 s here (2 cores); quadratic: minutes. Generous, for a loaded CI machine.
const BOUND_MS = 15_000;
const fill = (unit: string, prefix = "") => (prefix + unit.repeat(Math.ceil(SIZE / unit.length))).slice(0, SIZE);
const BODIES: Record<string, string> = {
  "&a": fill("&a"),
  "&#": fill("&#"),
  "a=": fill("a="),
  "oauth_token=&": fill("&", "oauth_token=x&oauth_token_secret=y"),
  "oauth_problem=": fill("oauth_problem=&"),
  "%": fill("%"),
  "<": fill("<"),
  "<script": fill("<script"),
  '{"': fill('{"'),
  '"\\': fill('"\\', "{"),
  spaces: fill(" ", "x"),
};

async function settlesWithin(fn: () => Promise<unknown>): Promise<string | undefined> {
  const start = performance.now();
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof AuthError)) return `threw ${(error as Error).name}: ${(error as Error).message.slice(0, 80)}`;
  }
  const ms = performance.now() - start;
  return ms > BOUND_MS ? `took ${Math.round(ms)} ms` : undefined;
}

describe("Bynder's outside input is parsed in linear time (1 MB adversarial bodies)", () => {
  test("token responses of the handshake", async () => {
    const problems: string[] = [];
    for (const [name, body] of Object.entries(BODIES)) {
      const fetch = async () => new Response(body, { status: 200, headers: { "content-type": "application/x-www-form-urlencoded" } });
      const auth = createBynderAuth({ baseUrl: "https://company.bynder.example", consumer: { key: "k", secret: "s" }, fetch });
      const problem = await settlesWithin(() => auth.requestToken());
      if (problem) problems.push(`${name}: ${problem}`);
    }
    expect(problems).toEqual([]);
  }, 180_000);

  test("401 bodies (OAuth Problem Reporting, form or JSON)", async () => {
    const problems: string[] = [];
    for (const [name, body] of Object.entries(BODIES)) {
      const response = new Response(body, { status: 401, headers: { "content-type": "text/plain" } });
      const problem = await settlesWithin(() => unauthorizedFromResponse(response, { phase: "api", what: "Bynder GET /api/v4/media/", now: Date.now(), secrets: ["consumer-secret"] }));
      if (problem) problems.push(`${name}: ${problem}`);
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
