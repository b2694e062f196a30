import { ConfigurationError } from "@auth/core";
import { describe, expect, test } from "vitest";
import { printedForms } from "../../../test-utils/printed-forms.js";
import { createMetapackAuth, loadApiKeyProperties } from "../src/node.js";

// Canary: the API key secret, which must never appear in a configuration error.
const CANARY = "Canary-ApiK3ySecret-c41f";

function expectClean(fn: () => unknown): Error {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  for (const form of printedForms([error])) expect(form).not.toContain(CANARY);
  return error as Error;
}

describe("the apiKey.properties text passed where a path was expected is never echoed", () => {
  // Texts that do not look like properties text (no line break, no leading apiKey.* key) are taken as a path.
  test.each([
    ["a one-line text starting with a comment", `# Metapack key apiKey.id=abc apiKey.secret=${CANARY}`],
    ["the secret alone", CANARY],
    ["a key=value pair with another key name", `secret=${CANARY}`],
  ])("loadApiKeyProperties with %s", (_what, text) => {
    const error = expectClean(() => loadApiKeyProperties(text));
    expect(error.message).toMatch(/Cannot read the apiKey\.properties file at the path given \(E[A-Z]+\)/);
    expect((error as ConfigurationError).hint).toMatch(/"properties" option/);
    expect((error as Error).cause).toBeUndefined();
  });

  test("the propertiesFile option holding the file's text", () => {
    expectClean(() => createMetapackAuth({ baseUrl: "https://dmo.metapack.com", propertiesFile: `apiKey.id = abc\napiKey.secret = ${CANARY}\n` }));
  });

  test("a baseUrl with a password is refused without it", () => {
    expectClean(() => createMetapackAuth({ baseUrl: `https://abc:${CANARY}@dmo.metapack.com`, apiKeyId: "abc", apiKeySecret: "x" }));
  });
});
