// Issue 10 item 1: every parser of outside text runs in time linear in its input, on 1 MB strings
// built to make a backtracking regex go quadratic, under a hard deadline (the harness is
// test-utils/adversarial-input.ts; core's test/adversarial-input.test.ts covers core).
import { AuthError } from "@auth/core";
import { ADVERSARIAL_SETTINGS_TEXT, describeLinearTime } from "../../../test-utils/adversarial-input.js";
import { classifyRedirectUri, parseImagenApplication } from "../src/index.js";

describeLinearTime({
  parsers: {
    "parseImagenApplication (text)": (s) => parseImagenApplication(s),
    "parseImagenApplication (fields)": (s) => parseImagenApplication({ client_id: s, client_secret: s, redirect_uri: s, type: s, scopes: s }),
    "classifyRedirectUri (web)": (s) => classifyRedirectUri(s, "web"),
    "classifyRedirectUri (installed)": (s) => classifyRedirectUri(s, "installed"),
  },
  inputs: ADVERSARIAL_SETTINGS_TEXT,
  accepts: (error) => error instanceof AuthError || error instanceof SyntaxError,
});
