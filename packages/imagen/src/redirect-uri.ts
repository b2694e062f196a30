import { ConfigurationError, isLoopbackHost, safeOrigin } from "@auth/core";

/** docs/providers.md#imagen-redirect-uris. */
export const OOB = "urn:ietf:wg:oauth:2.0:oob";
export const OOB_AUTO = "urn:ietf:wg:oauth:2.0:oob:auto";

/** The two application types of docs/providers.md#imagen-applications ("Web" and "Installed app"). */
export type ImagenApplicationType = "web" | "installed";

/** What kind of redirect URI a value is; decides how the result comes back. */
export type RedirectKind = "oob" | "loopback" | "custom" | "https";

/**
 * Check a redirect URI against the application type and say what kind it is.
 * - web: must begin with `https://` (docs/providers.md#imagen-applications, web application).
 * - installed: a reserved URI — `urn:ietf:wg:oauth:2.0:oob`, `...:oob:auto`, or `http://localhost`
 *   (the document says port 80; like RFC 8252 §7.3 we also accept any port and the loopback IPs
 *   127.0.0.1 and [::1]) — or a custom URI scheme (RFC 8252 §7.1, e.g. `com.example.app:/cb`).
 * Anything else is a {@link ConfigurationError} at construction, before a browser is involved.
 */
export function classifyRedirectUri(uri: string, type: ImagenApplicationType): RedirectKind {
  if (type === "web") {
    if (!/^https:\/\/[^/?#\s]+/i.test(uri) || !URL.canParse(uri)) {
      throw new ConfigurationError(`A web application's redirect URI must begin with https:// (${describeUri(uri)}).`, {
        hint: "Imagen only redirects web applications to a secure URL it can reach; use an https:// URL of your application, or applicationType: \"installed\" for a desktop app.",
      });
    }
    const url = new URL(uri);
    if (url.username || url.password) {
      throw new ConfigurationError(`The redirect URI (${safeOrigin(url)}) carries a user name or password before "@".`, {
        hint: "Register and pass the redirect URI without user:password@; Imagen does not send credentials in it.",
      });
    }
    return "https";
  }
  if (uri === OOB || uri === OOB_AUTO) return "oob";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ConfigurationError("The redirect URI is not a URI (it is not quoted here: it may hold a secret).", { hint: installedHint });
  }
  if (url.username || url.password) {
    throw new ConfigurationError(`The redirect URI (${safeOrigin(url)}) carries a user name or password before "@".`, { hint: installedHint });
  }
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return "loopback";
  if (url.protocol === "http:" || url.protocol === "https:") {
    throw new ConfigurationError(`An installed application cannot use a redirect URI on ${safeOrigin(url)}.`, { hint: installedHint });
  }
  return "custom";
}

// What is wrong with a web redirect URI, without quoting it (it may hold user info or a secret).
function describeUri(uri: string): string {
  if (!URL.canParse(uri)) return "the value given is not a URL; it is not quoted here, as it may hold a secret";
  const url = new URL(uri);
  if (url.protocol !== "https:") return `the value given is a ${url.protocol === "http:" ? "http:" : "non-https"} URL`;
  return "the value given has no host";
}

const installedHint =
  'Use one of the reserved URIs ("urn:ietf:wg:oauth:2.0:oob", "urn:ietf:wg:oauth:2.0:oob:auto", "http://localhost") or a custom scheme such as "com.example.app:/callback"; https redirect URIs belong to applicationType "web".';
