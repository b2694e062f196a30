import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { redact, redacted, Secret } from "../src/index.js";

describe("Secret", () => {
  const s = new Secret("canary-SECRET-1234");
  test("every printed form is redacted", () => {
    // biome-ignore lint/style/useTemplate: string concatenation is one of the printed forms under test
    const forms = [String(s), `${s}`, `x${s}`, s + "", s.toString(), JSON.stringify(s), JSON.stringify({ clientSecret: s }), inspect(s), inspect({ deep: { s } }, { depth: 10 }), inspect(s, { showHidden: true })];
    for (const f of forms) {
      expect(f).not.toContain("canary");
      expect(f).toContain("[redacted]");
    }
    expect(redacted).toBe("[redacted]");
  });

  test("no enumeration or clone exposes the value; reveal gives it", () => {
    expect(Object.keys(s)).toEqual([]);
    expect(Object.getOwnPropertyNames(s)).toEqual([]);
    expect(JSON.stringify(structuredClone(s))).not.toContain("canary");
    expect({ ...s }).toEqual({});
    expect(s.reveal()).toBe("canary-SECRET-1234");
    expect(Secret.from(s)).toBe(s);
    expect(Secret.from("x").reveal()).toBe("x");
  });

  test("redact replaces every occurrence of every known value (4+ characters)", () => {
    expect(redact("a canary-SECRET-1234 b canary-SECRET-1234", [s])).toBe("a [redacted] b [redacted]");
    expect(redact("token abcd and xyz", ["abcd", "xyz", undefined])).toBe("token [redacted] and xyz");
  });

  test("redact also finds the value JSON-escaped and percent-encoded once or twice", () => {
    const v = 'p@ss "w/rd"&+';
    const once = encodeURIComponent(v);
    const text = `${JSON.stringify({ v })} q=${once} base=${encodeURIComponent(once)}`;
    const out = redact(text, [v]);
    expect(out).toBe('{"v":"[redacted]"} q=[redacted] base=[redacted]');
  });
});
