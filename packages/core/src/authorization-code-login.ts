import type { AccessToken } from "./access-token.js";
import type { PendingAuthorization, ResponseType } from "./authorization-requests.js";
import type { Logger } from "./clock.js";
import { AuthError } from "./errors.js";
import { type LoginRunner, OOB_REDIRECT_URI, type OutOfBandOptions } from "./login-runner.js";
import type { RedirectResult } from "./redirect.js";

/** Options of `login()` of an authorization-code client. */
export interface AuthorizationCodeLoginOptions {
  /** `"code"` (default) or, where the client allows the implicit grant, `"token"`. */
  responseType?: ResponseType;
  /** `true` (default): the system browser; `false`: print the URL; a function: hand the URL to it. */
  openBrowser?: boolean | ((url: string) => unknown);
  /** Loopback port. Default: the port of a configured loopback redirect URI, else any free port (RFC 8252 §7.3). */
  port?: number;
  /** How long to wait for the browser or the paste, ms. Default 300 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  scopes?: readonly string[];
  /** The out-of-band redirect instead of the loopback one: the user pastes what the page shows. */
  oob?: boolean | Pick<OutOfBandOptions, "read" | "prompt">;
  /** Shown the URL before the browser opens (a CLI prints it). */
  onUrl?: (url: string) => void;
  /** Where "open this address" and "the browser could not be opened" go. Default: stderr. */
  logger?: Logger;
}

/** What `login()` needs of its client. */
export interface LoginContext {
  /** Absent in a runtime-neutral build: `login()` then says how to complete the flow instead. */
  readonly runner: LoginRunner | undefined;
  /** The configured redirect URI: its host, port and path are used when it is a loopback one. */
  readonly redirectUri: string;
  /** The loopback redirect used when `redirectUri` is not one. */
  readonly loopbackRedirectUri: string;
  readonly defaultResponseType: ResponseType;
  readonly successTitle: string | undefined;
  /** Applied to a pasted response before it is parsed. */
  readonly normalize: (input: string) => string;
  begin(options: { responseType: ResponseType; redirectUri: string; scopes?: readonly string[] }): PendingAuthorization & { url: string };
  finish(result: RedirectResult, pending: PendingAuthorization): Promise<AccessToken>;
  mapFlowError(error: unknown): unknown;
}

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whether `uri` is the out-of-band redirect URI (`urn:ietf:wg:oauth:2.0:oob`, `…:oob:auto`). */
export const isOutOfBand = (uri: string): boolean => uri === OOB_REDIRECT_URI || uri.startsWith(`${OOB_REDIRECT_URI}:`);

/** An `http://` URL on a loopback host (RFC 8252 §7.3), or undefined. */
export function loopbackUrl(uri: string): URL | undefined {
  if (!URL.canParse(uri)) return undefined;
  const url = new URL(uri);
  return url.protocol === "http:" && LOOPBACK_NAMES.has(url.hostname) ? url : undefined;
}

/**
 * `login()`: the loopback redirect (or, with `oob`, the out-of-band one) run by the injected
 * {@link LoginRunner}, then the response completed like `completeAuthorization()`.
 */
export async function runAuthorizationCodeLogin(ctx: LoginContext, options: AuthorizationCodeLoginOptions = {}): Promise<AccessToken> {
  if (!ctx.runner) {
    throw new AuthError("login_unavailable", "login() needs Node.js (a loopback listener and the system browser), and this is the runtime-neutral build.", {
      hint: "On Node, import the package's main entry (its \"node\" export condition adds login) or pass loginRunner: runLoopbackLogin from @auth/core/node. Elsewhere, send the user to authorizationUrl() and pass what comes back to completeAuthorization().",
    });
  }
  const responseType = options.responseType ?? ctx.defaultResponseType;
  const loopback = loopbackUrl(ctx.redirectUri) ?? loopbackUrl(ctx.loopbackRedirectUri) ?? new URL("http://127.0.0.1/callback");
  const hostname = loopback.hostname as "127.0.0.1" | "localhost" | "[::1]";
  const oob = options.oob
    ? { ...(typeof options.oob === "object" ? options.oob : {}), redirectUri: isOutOfBand(ctx.redirectUri) ? ctx.redirectUri : OOB_REDIRECT_URI, normalize: ctx.normalize, pastedAs: responseType === "token" ? ("token" as const) : ("code" as const) }
    : undefined;
  let pending: (PendingAuthorization & { url: string }) | undefined;
  let result: RedirectResult;
  try {
    result = await ctx.runner({
      buildUrl: (redirectUri) => {
        pending = ctx.begin({ responseType, redirectUri, ...(options.scopes ? { scopes: options.scopes } : {}) });
        return pending;
      },
      port: options.port ?? (loopback.port ? Number(loopback.port) : 0),
      host: hostname === "[::1]" ? "::1" : "127.0.0.1",
      redirectHost: hostname,
      path: loopback.pathname,
      // The implicit grant returns the token in the fragment, which browsers never send to a server.
      fragment: responseType === "token",
      ...(ctx.successTitle ? { successTitle: ctx.successTitle } : {}),
      ...(options.openBrowser === undefined ? {} : { openBrowser: options.openBrowser }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(oob ? { oob } : {}),
      ...(options.onUrl ? { onUrl: options.onUrl } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } catch (error) {
    throw ctx.mapFlowError(error);
  }
  return ctx.finish(result, pending!);
}
