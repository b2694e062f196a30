import { ConfigurationError } from "@auth/core";
import { describe, expect, test } from "vitest";
import { expectNoCanary, printedForms, thrownBy } from "../../../test-utils/printed-forms.js";
import { createRedisTokenStore } from "../src/index.js";

// Canary: the Redis password, which a bad URL must not carry into any error.
const CANARY = "Canary-RedisPw-7a1c";

function expectClean(error: Error): void {
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error.cause).toBeUndefined();
  // No enumerable property (node-redis's TypeError has `input`) holds it either.
  expect(JSON.stringify(Object.entries(error))).not.toContain(CANARY);
  expectNoCanary(printedForms([error]), [CANARY]);
  expect((error as ConfigurationError).hint).toMatch(/Percent-encode/);
}

describe("a bad Redis URL is a typed ConfigurationError that does not quote the URL (its password)", () => {
  test.each([
    ["an invalid port", `redis://:${CANARY}@redis.example.com:99999`, /is not a valid URL/],
    ["an unencoded '#' in the password", `redis://default:${CANARY}#x@redis.example.com:6379/0`, /is not a valid URL|not a database number/],
    ["an unencoded '/' in the password", `redis://default:ab/${CANARY}@redis.example.com:6379`, /is not a valid URL|not a database number/],
    ["another scheme", `https://default:${CANARY}@redis.example.com`, /does not begin with redis:\/\//],
    ["no scheme", `default:${CANARY}@redis.example.com:6379`, /does not begin with redis:\/\/|is not a valid URL/],
    ["a malformed percent-escape", `redis://default:${CANARY}%zz@redis.example.com`, /malformed percent-escape/],
    ["a path that is not a database number", `redis://default:${CANARY}@redis.example.com/tokens`, /not a database number/],
    ["a unix URL node-redis refuses", `unix://default:${CANARY}@/`, /refused by the redis client/],
    ["the password alone", CANARY, /is not a valid URL|does not begin/],
  ])("url with %s", (_what, url, message) => {
    const error = thrownBy(() => createRedisTokenStore({ url }));
    expectClean(error);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^The option "url"/);
  });

  test("a cluster root node URL", () => {
    const error = thrownBy(() => createRedisTokenStore({ cluster: ["redis://127.0.0.1:7000", `redis://:${CANARY}@127.0.0.1:notaport`] }));
    expectClean(error);
    expect(error.message).toMatch(/^The option "cluster"/);
  });

  test("not a string", () => {
    expectClean(thrownBy(() => createRedisTokenStore({ url: 42 as unknown as string })));
  });
});
