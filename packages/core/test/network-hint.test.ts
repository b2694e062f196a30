// The `network` hint says CORS in a browser (issue 13): there a request the provider's CORS
// policy refuses fails as a bare TypeError with no status, like an unreachable host.
import { afterEach, expect, test, vi } from "vitest";
import { TokenEndpointError } from "../src/errors.js";
import { networkFailure } from "../src/http/network-failure.js";
import { networkErrorHint } from "../src/network-hint.js";

const make = (code: string, message: string, hint: string) => new TokenEndpointError(message, { code: code as "network", hint });
afterEach(() => vi.unstubAllGlobals());

test("outside a browser: no CORS talk (Node, Bun, Deno, workerd do not apply CORS)", () => {
  expect(networkErrorHint()).toBe("Check the base URL and that the provider is reachable from this machine.");
  expect(networkErrorHint({ WorkerGlobalScope: class {}, navigator: { userAgent: "Cloudflare-Workers" } })).not.toContain("CORS");
  expect(networkErrorHint({ WorkerGlobalScope: class {}, navigator: { userAgent: "Deno/2.9.0" } })).not.toContain("CORS");
});

test("in a page or a browser's web worker: the hint names CORS and the provider's own CORS policy", () => {
  for (const scope of [{ document: {} }, { WorkerGlobalScope: class {}, navigator: { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140" } }]) {
    const hint = networkErrorHint(scope);
    expect(hint).toContain("CORS");
    expect(hint).toContain("provider's own CORS policy");
    expect(hint).toContain("Access-Control-Allow-Origin");
  }
});

test.each(["Failed to fetch", "Load failed", "NetworkError when attempting to fetch resource."])(
  "a browser's bare TypeError(%j) becomes a network error whose hint says CORS",
  (message) => {
    vi.stubGlobal("document", {});
    const error = networkFailure(new TypeError(message), "the token endpoint auth.example.com", [], make);
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error.code).toBe("network");
    expect(error.hint).toContain("provider's own CORS policy");
  },
);
