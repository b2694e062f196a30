// Issue 10 item 1: every parser of outside text runs in time linear in its input, on 1 MB strings
// built to make a backtracking regex go quadratic, under a hard deadline (the harness is
// test-utils/adversarial-input.ts; core's test/adversarial-input.test.ts covers core).
import { AuthError } from "@auth/core";
import { ADVERSARIAL_SETTINGS_TEXT, describeLinearTime } from "../../../test-utils/adversarial-input.js";
import { parseApiKeyProperties, parseProperties } from "../src/index.js";

describeLinearTime({
  parsers: {
    parseProperties: (s) => parseProperties(s),
    parseApiKeyProperties: (s) => parseApiKeyProperties(s),
    "parseApiKeyProperties (as values)": (s) => parseApiKeyProperties(`apiKey.id=${s}\napiKey.secret=${s}`),
  },
  inputs: ADVERSARIAL_SETTINGS_TEXT,
  accepts: (error) => error instanceof AuthError || error instanceof SyntaxError,
});
