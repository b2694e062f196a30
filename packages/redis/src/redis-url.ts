import { ConfigurationError } from "@auth/core";

/**
 * Checking the `url` option before node-redis reads it. node-redis throws an untyped
 * `TypeError` for a bad URL (WHATWG URL's carries the whole URL, password included, in
 * `input`), or a `URIError` for a bad percent-escape. Here every such case is a
 * {@link ConfigurationError} that says what is wrong and never quotes the URL, nor keeps the
 * original error as its cause.
 */

const HINT =
  'Use redis://[[user]:password@]host[:port][/db], rediss://… for TLS, or unix:///path/to/socket. Percent-encode "@", ":", "/", "#", "%" and spaces in the user name and password (e.g. "@" as %40).';

const refused = (name: string, what: string) =>
  new ConfigurationError(`The option "${name}" ${what}. It is not quoted here: it may hold a password.`, { hint: HINT });

/** What node-redis would refuse in a `redis:` / `rediss:` URL, or `undefined` when it is fine. */
function problemOf(url: string): string | undefined {
  if (!URL.canParse(url)) return "is not a valid URL";
  const parsed = new URL(url);
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") return "does not begin with redis://, rediss:// or unix://";
  try {
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
  } catch {
    return "has a malformed percent-escape in its user name or password";
  }
  if (parsed.pathname.length > 1 && Number.isNaN(Number(parsed.pathname.slice(1)))) return "has a path that is not a database number";
  return undefined;
}

/** `url` if node-redis can read it, else a {@link ConfigurationError} naming the option `name` and what is wrong. */
export function checkRedisUrl(url: unknown, name = "url"): string {
  if (typeof url !== "string" || url.trim() === "") throw refused(name, "holds a URL that is not a non-empty string");
  const problem = url.startsWith("unix:") ? undefined : problemOf(url);
  if (problem) throw refused(name, problem);
  return url;
}

/**
 * Run `make` (which creates a node-redis client from URLs checked by {@link checkRedisUrl});
 * anything else it throws (node-redis's own checks, whose messages may quote the URL) becomes
 * a {@link ConfigurationError} for the option `name`, without the original as its cause.
 */
export function guardRedisUrl<T>(name: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const kind = error instanceof Error ? error.name : typeof error;
    throw refused(name, `was refused by the redis client (${kind})`);
  }
}
