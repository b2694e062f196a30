import { describe, expect, test, vi } from "vitest";
import { bearerAuthorizer, bearerChallenge, type TokenCache } from "../src/index.js";

// bearerAuthorizer answers "insufficient_scope?" with the header parser:
// it must agree with bearerChallenge on the headers servers send, quoted strings included.
describe("bearerAuthorizer.unauthorized and the insufficient_scope challenge", () => {
  const cache = (): TokenCache => ({ getToken: vi.fn(), invalidate: vi.fn(async () => {}), set: vi.fn() }) as unknown as TokenCache;
  const retries = async (header: string | null) => {
    const c = cache();
    const headers = new Headers(header === null ? {} : { "www-authenticate": header });
    const again = await bearerAuthorizer(c).unauthorized!({ method: "GET", url: "https://x/" }, new Response(null, { status: 401, headers }), { authorization: "Bearer t" });
    if (again) expect(c.invalidate).toHaveBeenCalledWith("t");
    return again;
  };
  const cases: [string | null, boolean][] = [
    ['Bearer error="insufficient_scope", scope="admin"', false],
    ['Bearer realm="api", error="insufficient_scope"', false],
    ["bearer error=insufficient_scope", false],
    ['Basic realm="x", Bearer scope="a b", error = "insufficient_scope"', false],
    ['Bearer realm="x, error=\\"insufficient_scope\\"", error="invalid_token"', true],
    ['Bearer error="invalid_token", error_description="not insufficient_scope"', true],
    ['Bearer realm="api"', true],
    ['Basic realm="error=insufficient_scope"', true],
    ['Bearer error="insufficient_scopes"', true],
    ["", true],
    [null, true],
  ];
  test.each(cases)("%s -> retry %s", async (header, retry) => {
    expect(await retries(header)).toBe(retry);
    expect(bearerChallenge(header)?.error === "insufficient_scope").toBe(!retry);
  });
});
