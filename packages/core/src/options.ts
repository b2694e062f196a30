import { ConfigurationError } from "./errors.js";
import { Secret } from "./secret.js";
import { trimTrailing } from "./text-scan.js";
import { checkEndpointUrl } from "./url-policy.js";

/** A required, non-blank string option, or a {@link ConfigurationError} naming it. */
export function requireOption(value: unknown, name: string, hint?: string): string {
  if (typeof value !== "string" || value.trim() === "") throw missing(value, name, "blank", hint);
  return value.trim();
}

const missing = (value: unknown, name: string, blank: string, hint?: string) =>
  new ConfigurationError(`The option "${name}" is ${value === undefined ? "missing" : `${blank} or not a string`}.`, {
    hint: hint ?? `Pass ${name} when creating the client.`,
  });

/** A base URL option: absolute, https (or loopback http), without a trailing slash. */
export function requireBaseUrl(value: unknown, name = "baseUrl", allowInsecure = false): string {
  const raw = requireOption(value, name, `Pass ${name}, e.g. "https://example.com".`);
  const url = checkEndpointUrl(raw, `The option "${name}"`, allowInsecure);
  return trimTrailing(url.href, "/");
}

/**
 * A required secret option: a non-empty string or a {@link Secret}, returned wrapped. Not
 * trimmed (whitespace can be part of a secret); the value never appears in the error.
 */
export function requireSecret(value: unknown, name: string, hint?: string): Secret {
  if (value instanceof Secret ? value.reveal() === "" : typeof value !== "string" || value === "") throw missing(value, name, "empty", hint);
  return Secret.from(value as string | Secret);
}
