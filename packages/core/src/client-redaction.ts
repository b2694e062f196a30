import type { BeforeErrorHook } from "ky";
import { type Redactable, redact } from "./secret.js";

/**
 * Errors from `client()` must not carry the request's own credentials. A server may echo the
 * `Authorization` header (or its token) in its error body or status text, and ky puts both in
 * the `HTTPError` it throws (`data`, `message`, `stack`); fetch's own `TypeError` for a header
 * value it cannot send quotes the value. The client remembers the header values its authorizer
 * added, recently, and rewrites every error it throws through {@link redact} with them.
 */

// Enough for every request in flight at once in ordinary use; an OAuth 1.0a header differs per
// request (nonce, signature), a Bearer header only when the token changes.
const REMEMBERED = 32;

/** The header values an authorizer added, most recent last, at most {@link REMEMBERED}. */
export interface CredentialLog {
  /** Remember the headers of one attempt. Called per request: cheap when nothing is new. */
  add(used: Record<string, string>): void;
  /** Everything to redact: each value, and the token parts inside it. */
  redactables(): Redactable[];
}

export function createCredentialLog(): CredentialLog {
  const values = new Set<string>();
  return {
    add(used) {
      for (const name in used) {
        const value = used[name]!;
        if (values.has(value)) continue;
        values.add(value);
        if (values.size > REMEMBERED) values.delete(values.values().next().value as string);
      }
    },
    redactables() {
      const out: Redactable[] = [];
      for (const value of values) out.push(...credentialParts(value));
      return out;
    },
  };
}

/**
 * A header value and the credentials inside it: the token of `Bearer <token>` (RFC 6750 §2.1);
 * the Base64 and the `id:secret` pair of `Basic` (RFC 7617); the `oauth_token`,
 * `oauth_signature` and `oauth_verifier` values of `OAuth …` (RFC 5849 §3.5.1), encoded and
 * decoded. Parsed by hand, linearly; nothing here throws.
 */
export function credentialParts(value: string): Redactable[] {
  const parts: Redactable[] = [value];
  const space = value.indexOf(" ");
  if (space <= 0) return parts;
  const scheme = value.slice(0, space).toLowerCase();
  const rest = value.slice(space + 1).trim();
  parts.push(rest);
  if (scheme === "basic") {
    const decoded = decodeBase64(rest);
    const colon = decoded?.indexOf(":") ?? -1;
    if (decoded && colon >= 0) parts.push({ basic: [decoded.slice(0, colon), decoded.slice(colon + 1)] }, decoded.slice(colon + 1));
  } else if (scheme === "oauth") {
    for (const param of rest.split(",")) {
      const eq = param.indexOf("=");
      if (eq < 0) continue;
      const name = param.slice(0, eq).trim();
      if (name !== "oauth_token" && name !== "oauth_signature" && name !== "oauth_verifier") continue;
      const quoted = param.slice(eq + 1).trim();
      const raw = quoted.startsWith('"') && quoted.endsWith('"') && quoted.length >= 2 ? quoted.slice(1, -1) : quoted;
      parts.push(raw, safeDecode(raw));
    }
  }
  return parts;
}

function decodeBase64(text: string): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * An error thrown while sending with the headers `used` (fetch's `TypeError` for a header value
 * it cannot send quotes the value), with those credentials redacted. Anything else as it is.
 */
export function withoutCredentials(error: unknown, used: Record<string, string>): unknown {
  if (!(error instanceof Error)) return error;
  const secrets: Redactable[] = [];
  for (const name in used) secrets.push(...credentialParts(used[name]!));
  redactError(error, secrets);
  return error;
}

/** Redact every string a printed error shows: message, stack, and the same for its cause chain. */
function redactError(error: Error, secrets: Redactable[], depth = 0): void {
  error.message = redact(error.message, secrets);
  if (typeof error.stack === "string") error.stack = redact(error.stack, secrets);
  if (error.cause instanceof Error && depth < 4) redactError(error.cause, secrets, depth + 1);
}

// ky's HTTPError `data`: the parsed body (JSON) or its text.
function redactData(data: unknown, secrets: Redactable[]): unknown {
  if (typeof data === "string") return redact(data, secrets);
  if (data === null || typeof data !== "object") return data;
  try {
    const text = JSON.stringify(data);
    const clean = redact(text, secrets);
    return clean === text ? data : JSON.parse(clean);
  } catch {
    return "[redacted: unserialisable error body]";
  }
}

const hide = (target: object, name: string) => {
  if (Object.hasOwn(target, name)) Object.defineProperty(target, name, { enumerable: false });
};

/**
 * A ky `beforeError` hook that redacts the credentials in `log` from the error: its message,
 * stack and cause; an `HTTPError`'s `data`. An `HTTPError`'s `request`, `options` and `response`
 * stay readable by code but become non-enumerable, so `util.inspect` and `JSON.stringify` of the
 * error do not walk into headers (the response's may echo the credentials too).
 */
export function redactingBeforeError(log: CredentialLog): BeforeErrorHook {
  return ({ error }) => {
    const secrets = log.redactables();
    if (secrets.length === 0) return error;
    redactError(error, secrets);
    const e = error as Error & { data?: unknown };
    if ("data" in e && e.data !== undefined) e.data = redactData(e.data, secrets);
    for (const name of ["request", "options", "response"]) hide(e, name);
    return error;
  };
}
