import { ConfigurationError } from "./errors.js";

/** What identifies one provider's token in a shared store. Never a secret. */
export interface StoreKeyParts {
  /** The provider's name, e.g. `metapack`. */
  provider: string;
  /** The server the token is for; only its origin and path are kept (no user info, query or fragment). */
  baseUrl: string | URL;
  /** Whose token: a client id, an API key id, a user (never a secret). */
  account: string;
  /** A further name when one account has several tokens on one server (a CLI profile, a scope). */
  profile?: string;
}

/**
 * The one store-key scheme of the family: `provider|origin+path|account[|profile]`, so that
 * two providers, two servers or two accounts on one shared store (a file, Redis) never read
 * each other's token.
 *
 * - The base URL is reduced to its origin and path, trailing slashes dropped: no user info
 *   (it may hold a password), no query, no fragment (they may hold anything).
 * - Each part is escaped (`%` as `%25`, `|` as `%7C`), so no value can forge another key:
 *   `{ account: "a|b" }` and `{ account: "a", profile: "b" }` differ.
 * - Put no secret in any part: keys are visible to whoever can list the store.
 *
 * ```ts
 * storeKey({ provider: "example", baseUrl: "https://auth.example.com/", account: clientId });
 * // "example|https://auth.example.com|my-client"
 * ```
 */
export function storeKey(parts: StoreKeyParts): string {
  const provider = part(parts.provider, "provider");
  const account = part(parts.account, "account");
  let url: URL;
  try {
    url = new URL(parts.baseUrl);
  } catch {
    // Not quoted: a string that is no URL may be anything, a secret pasted in the wrong place too.
    throw new ConfigurationError("storeKey: baseUrl is not an absolute URL.", { hint: 'Pass the server\'s URL, e.g. "https://api.example.com".' });
  }
  let path = url.pathname;
  while (path.endsWith("/")) path = path.slice(0, -1);
  const server = url.origin === "null" ? `${url.protocol}${path}` : `${url.origin}${path}`;
  const key = [provider, escapePart(server), account];
  if (parts.profile !== undefined) key.push(part(parts.profile, "profile"));
  return key.join("|");
}

function part(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") {
    throw new ConfigurationError(`storeKey: "${name}" is missing or empty.`, { hint: `Pass ${name} as a non-empty string (never a secret).` });
  }
  return escapePart(value);
}

// Linear, no regex: "%" first, so an escape is never escaped twice.
const escapePart = (value: string): string => value.replaceAll("%", "%25").replaceAll("|", "%7C");
