import { AuthError, ConfigurationError } from "./errors.js";

/** True for hosts that never leave this machine (RFC 8252 §8.3 loopback). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Parse `url` and refuse `http://` unless the host is loopback or `allowInsecure` is set:
 * credentials and tokens must not cross a network in clear text (RFC 6749 §2.3.1, §3.1.2.1).
 */
export function checkEndpointUrl(url: string | URL, what: string, allowInsecure = false): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`${what} is not a valid absolute URL: "${String(url).slice(0, 100)}"`, {
      hint: "Give the full URL including https://",
    });
  }
  if (parsed.protocol === "https:") return parsed;
  if (parsed.protocol === "http:" && (allowInsecure || isLoopbackHost(parsed.hostname))) return parsed;
  throw new AuthError("insecure_url", `Refusing to send credentials to ${parsed.protocol}//${parsed.host}: ${what} must use https://`, {
    hint: "Use the https:// URL of the service, or pass allowInsecure: true for a test server you trust.",
  });
}
