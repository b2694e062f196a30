import { AuthError, ConfigurationError } from "./errors.js";

/** True for hosts that never leave this machine (RFC 8252 §8.3 loopback). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Parse `url` and refuse `http://` unless the host is loopback or `allowInsecure` is set:
 * credentials and tokens must not cross a network in clear text (RFC 6749 §2.3.1, §3.1.2.1).
 * A URL with a user name or password (`https://user:password@host`) is refused too: fetch
 * cannot send one, and credentials belong in their own options. Errors never quote the URL
 * (it may hold a password, or be a secret pasted in the wrong place): at most its origin,
 * which has no user info.
 */
export function checkEndpointUrl(url: string | URL, what: string, allowInsecure = false): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`${what} is not a valid absolute URL (it is not quoted here: it may hold a secret).`, {
      hint: 'Give the full URL including https://, e.g. "https://api.example.com"; percent-encode characters such as spaces.',
    });
  }
  if (parsed.username || parsed.password) {
    throw new ConfigurationError(`${what} (${safeOrigin(parsed)}) carries a user name or password before "@".`, {
      hint: "Remove user:password@ from the URL and pass the credentials in their own options (client id and secret, API key).",
    });
  }
  if (parsed.protocol === "https:") return parsed;
  if (parsed.protocol === "http:" && (allowInsecure || isLoopbackHost(parsed.hostname))) return parsed;
  throw new AuthError("insecure_url", `Refusing to send credentials to ${parsed.protocol}//${parsed.host}: ${what} must use https://`, {
    hint: "Use the https:// URL of the service, or pass allowInsecure: true for a test server you trust.",
  });
}

/** The origin of a parsed URL for a message: scheme, host and port, never user info, path or query. */
export function safeOrigin(url: URL): string {
  return url.origin !== "null" ? url.origin : url.protocol;
}
