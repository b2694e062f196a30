import type { Logger } from "./clock.js";
import type { RedirectResult } from "./redirect.js";

/**
 * The types of an interactive login, runtime-neutral: a provider's factory takes a
 * {@link LoginRunner} (on Node, `runLoopbackLogin` from `@auth/core/node`) so that its own
 * entry never imports Node code, not even dynamically (bundlers follow dynamic imports).
 */

/** The out-of-band redirect URI of installed apps: the page shows the code for the user to paste. */
export const OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";

/** What {@link LoopbackLoginOptions.buildUrl} returns: the page to open and the state it carries. */
export interface LoginRequest {
  /** The authorization (or authorise) page the user's browser opens. */
  url: string;
  /** The `state` the redirect must carry back (RFC 6749 §10.12); checked before the response is read. */
  state: string;
}

/** The out-of-band redirect (`urn:ietf:wg:oauth:2.0:oob`, OAuth 1.0a `oob`): the user pastes what the page shows. */
export interface OutOfBandOptions {
  /** The redirect URI sent to the provider. Default `urn:ietf:wg:oauth:2.0:oob`. */
  redirectUri?: string;
  /** Reads one pasted line after showing `prompt`. Default: a line from stdin, the prompt on stderr. */
  read?: (prompt: string, signal: AbortSignal) => Promise<string>;
  /** Default `"Paste the code the page shows (or the whole address): "`. */
  prompt?: string;
  /** How a bare pasted value is read: a `code` (default; an OAuth 1.0a verifier too) or an access `token`. */
  pastedAs?: "code" | "token";
  /** Applied to the pasted text before it is parsed, e.g. to drop a label the provider's page puts before the value. */
  normalize?: (pasted: string) => string;
}

/** Options of {@link runLoopbackLogin}. */
export interface LoopbackLoginOptions {
  /**
   * Build the authorization request once the redirect URI is known (with the listener's port,
   * or the out-of-band URI). May be async: an OAuth 1.0a login first asks for a request token.
   */
  buildUrl(redirectUri: string): LoginRequest | Promise<LoginRequest>;
  /** `true` (default): the system browser; `false`: only show the URL; a function: hand the URL to it. */
  openBrowser?: boolean | ((url: string) => unknown);
  /** Loopback port. Default 0: any free port (RFC 8252 §7.3). */
  port?: number;
  /** The address bound: loopback only (RFC 8252 §8.3). Default `127.0.0.1`. */
  host?: "127.0.0.1" | "::1";
  /** The host name written in the redirect URI: `127.0.0.1` (default for that bind), `localhost`, or `[::1]`. */
  redirectHost?: "127.0.0.1" | "localhost" | "[::1]";
  /** The redirect path. Default `/callback`; `/` accepts any path and writes none in the URI. */
  path?: string;
  /** The result comes in the URL fragment (implicit grant): the listener's page posts it back. */
  fragment?: boolean;
  /** Title of the page the browser shows after success. */
  successTitle?: string;
  /** How long to wait for the browser (or the paste), ms. Default 300 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Use the out-of-band redirect (no listener) instead of the loopback one. */
  oob?: OutOfBandOptions;
  /**
   * Shown the URL before the browser opens (a CLI prints it). When given, the URL is not printed
   * again if the browser cannot be opened; a message still says so.
   */
  onUrl?: (url: string) => void;
  /** Where "open this address" and "the browser could not be opened" go. Default: stderr. */
  logger?: Logger;
}

/** Runs an interactive login and resolves with the parsed redirect: `runLoopbackLogin` from `@auth/core/node` on Node. */
export type LoginRunner = (options: LoopbackLoginOptions) => Promise<RedirectResult>;
