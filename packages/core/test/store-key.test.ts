import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ConfigurationError, storeKey } from "../src/index.js";

describe("storeKey", () => {
  test("provider, origin + path (no user info, query, fragment or trailing slash), account", () => {
    expect(storeKey({ provider: "example", baseUrl: "https://auth.example.com/", account: "me" })).toBe("example|https://auth.example.com|me");
    expect(storeKey({ provider: "example", baseUrl: "https://user:p4ss@h.example:8443/v1//?secret=x#frag", account: "me", profile: "work" })).toBe(
      "example|https://h.example:8443/v1|me|work",
    );
    expect(storeKey({ provider: "p", baseUrl: new URL("HTTPS://H.EXAMPLE:443/a"), account: "x" })).toBe("p|https://h.example/a|x");
  });

  test("separators in a part are escaped, so no value forges another key", () => {
    const a = storeKey({ provider: "p", baseUrl: "https://h", account: "a|b" });
    const b = storeKey({ provider: "p", baseUrl: "https://h", account: "a", profile: "b" });
    expect(a).toBe("p|https://h|a%7Cb");
    expect(b).toBe("p|https://h|a|b");
    expect(storeKey({ provider: "p", baseUrl: "https://h", account: "a%7Cb" })).toBe("p|https://h|a%257Cb");
  });

  test("distinct parts give distinct keys (property)", () => {
    const part = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom("a", "|", "%", "7", "C", "b") });
    const parts = fc.record({ provider: part, account: part, profile: fc.option(part, { nil: undefined }), path: fc.constantFrom("/", "/v1", "/v1/x") });
    fc.assert(
      fc.property(parts, parts, (x, y) => {
        const key = (p: typeof x) => storeKey({ provider: p.provider, account: p.account, baseUrl: `https://h.example${p.path}`, ...(p.profile === undefined ? {} : { profile: p.profile }) });
        const same = x.provider === y.provider && x.account === y.account && x.profile === y.profile && x.path.replace(/\/$/, "") === y.path.replace(/\/$/, "");
        expect(key(x) === key(y)).toBe(same);
      }),
    );
  });

  test("a missing part or a base URL that is not a URL is a ConfigurationError that quotes nothing", () => {
    expect(() => storeKey({ provider: "", baseUrl: "https://h", account: "a" })).toThrow(ConfigurationError);
    expect(() => storeKey({ provider: "p", baseUrl: "https://h", account: "" })).toThrow(/account/);
    let error: unknown;
    try {
      storeKey({ provider: "p", baseUrl: "s3cr3t-not-a-url", account: "a" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String((error as Error).message)).not.toContain("s3cr3t");
  });
});
