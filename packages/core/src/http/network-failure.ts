import type { AuthError } from "../errors.js";
import { networkErrorHint } from "../network-hint.js";
import { redact, type Secret } from "../secret.js";

// Messages fetch implementations use for a failed connection (the list ky inlines from
// is-network-error): a network failure, worth a retry, never a programming error.
const NETWORK_MESSAGES = new Set([
  "network error",
  "NetworkError when attempting to fetch resource.",
  "The Internet connection appears to be offline.",
  "Network request failed",
  "fetch failed",
  " A network error occurred.",
  "Network connection lost",
  "Failed to fetch",
  "Load failed",
]);

/** What went wrong on the wire, as far as the thrown value tells. */
export type NetworkFailureKind = "reset" | "refused_by_runtime" | "network" | "other";

/** Classify an error thrown by `fetch` or by reading a response body. */
export function networkFailureKind(error: unknown): NetworkFailureKind {
  if (!(error instanceof Error)) return "other";
  const message = error.message;
  // undici: the socket closed while the body was being read.
  if (message === "terminated") return "reset";
  // workerd refuses outbound connections its configuration does not allow (globalOutbound,
  // loopback) with a bare "internal error".
  if (message === "internal error" || message.startsWith("internal error;")) return "refused_by_runtime";
  if (NETWORK_MESSAGES.has(message) || message.startsWith("error sending request for url") || message.startsWith("Failed to fetch (")) return "network";
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === "string" && /^E[A-Z_]+$/.test(cause.code)) return "network";
  return "other";
}

/** The system error code (`ECONNREFUSED`, `ECONNRESET`…) inside a fetch error, when one is there. */
export function systemErrorCode(error: unknown): string | undefined {
  let e = error as { cause?: unknown; code?: unknown } | undefined;
  for (let depth = 0; depth < 4 && e; depth++) {
    if (typeof e.code === "string" && /^E[A-Z_]{2,30}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/**
 * A typed {@link AuthError} (code `network`, or the caller's error for `other`) for an error
 * thrown mid-exchange. Never attaches the original as `cause`: a fetch wrapper's error may
 * carry the request with its credentials, which `util.inspect` would print.
 */
export function networkFailure(error: unknown, what: string, secrets: Iterable<string | Secret | undefined>, make: (code: string, message: string, hint: string) => AuthError): AuthError {
  const kind = networkFailureKind(error);
  const code = systemErrorCode(error);
  const suffix = code ? ` (${code})` : "";
  switch (kind) {
    case "reset":
      return make("network", `${what}: the connection was closed before the response was complete${suffix}.`, "The server or a proxy dropped the connection mid-response; try again, and check the base URL if it persists.");
    case "refused_by_runtime":
      return make(
        "network",
        `${what} could not be reached: the runtime refused the outbound connection ("internal error").`,
        "The runtime may block loopback or outbound connections (e.g. workerd's globalOutbound or a sandbox's network policy): allow the provider's host, or point the base URL at a host the runtime may reach.",
      );
    case "network":
      return make("network", `Could not reach ${what}${suffix}.`, networkErrorHint());
    default: {
      const detail = error instanceof Error ? redact(`${error.name}: ${error.message}`, secrets).slice(0, 300) : "unknown error";
      return make("token_endpoint", `The request to ${what} failed: ${detail}`, "Check the endpoint URL and that the credentials contain no line breaks or control characters.");
    }
  }
}
