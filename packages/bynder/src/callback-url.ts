import { ConfigurationError } from "@auth/core";

/**
 * Schemes a browser runs or reads locally instead of navigating to an application: a callback
 * with one of them would turn the authorise page's redirect into script execution in the
 * portal's origin (`javascript:`, `vbscript:`), attacker content (`data:`, `blob:`) or a local
 * file read (`file:`).
 */
const REFUSED_SCHEMES = new Set(["javascript:", "vbscript:", "data:", "blob:", "file:", "about:", "filesystem:"]);

/**
 * Check a handshake callback (docs/providers.md#bynder-oauth1, step 2): an absolute URL whose
 * scheme is http, https or an application's own (`myapp:/done`, RFC 8252 §7.1). Refused
 * with a {@link ConfigurationError} that never quotes the callback (its query may carry anything).
 * The scheme is read as a browser reads it (WHATWG URL: case-folded, leading spaces, tabs and
 * newlines dropped), and whitespace or control characters anywhere are refused outright.
 */
export function checkCallback(callback: string): void {
  for (let i = 0; i < callback.length; i++) {
    const c = callback.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) {
      throw new ConfigurationError("The callback contains spaces or control characters (it is not quoted here: it may hold a secret).", {
        hint: "Percent-encode them, e.g. %20 for a space, or pass e.g. https://myintegration.com/login_success.",
      });
    }
  }
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    throw new ConfigurationError("The callback is not an absolute URL (it is not quoted here: it may hold a secret).", { hint: "Pass e.g. https://myintegration.com/login_success." });
  }
  if (REFUSED_SCHEMES.has(url.protocol)) {
    throw new ConfigurationError(`A callback with the ${url.protocol} scheme is refused: the browser would run or read it instead of returning to your application.`, {
      hint: "Use an https:// URL of your integration, http://127.0.0.1:PORT for a local login, or your application's own scheme (myapp:/callback).",
    });
  }
}
