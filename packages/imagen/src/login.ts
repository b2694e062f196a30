import { type AccessToken, ConfigurationError } from "@auth/core";
import { listenForRedirect, openBrowser } from "@auth/core/node";
import { imagenFlowError } from "./hints.js";
import type { ImagenResponseType, LoginContext } from "./imagen-auth.js";

export interface ImagenLoginOptions {
  /** Default: the client's `responseType` (`"token"` unless configured). */
  responseType?: ImagenResponseType;
  /** `true` (default): the system browser; `false`: print the URL; a function: hand the URL to it. */
  openBrowser?: boolean | ((url: string) => unknown);
  /**
   * Loopback port. Default: the port of a configured `http://localhost:PORT` redirect URI, else
   * any free port (RFC 8252 §7.3). The document's reserved `http://localhost` means port 80,
   * which needs privileges: pass `port: 80` for exactly that.
   */
  port?: number;
  /** How long to wait for the browser, ms. Default 300 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  scopes?: readonly string[];
}

/**
 * The installed-app login: a one-shot listener on 127.0.0.1, the authorize URL with
 * `redirect_uri=http://localhost:PORT` (the reserved URI of docs/providers.md#imagen-applications), the browser,
 * then the code (query) or token (fragment, posted back by the listener's page) is completed.
 */
export async function runImagenLogin(ctx: LoginContext, options: ImagenLoginOptions): Promise<AccessToken> {
  if (ctx.applicationType === "web") {
    throw new ConfigurationError("login() is for installed applications: a web application receives the redirect on its own https:// URL.", {
      hint: "Send the user to authorizationUrl() and pass what arrives at your redirect URI to completeAuthorization().",
    });
  }
  const configured = ctx.redirectKind === "loopback" ? new URL(ctx.redirectUri) : undefined;
  const hostname = configured?.hostname ?? "localhost";
  const path = configured && configured.pathname !== "/" ? configured.pathname : "/";
  const port = options.port ?? (configured?.port ? Number(configured.port) : 0);
  const responseType = options.responseType ?? ctx.defaultResponseType;
  // The state exists once the redirect URI (with the port) is known: the listener asks for it,
  // and ignores every response without it (RFC 8252 §8.9) until then and after.
  let pending: ReturnType<LoginContext["begin"]> | undefined;
  const listener = await listenForRedirect({
    expectedState: () => pending?.state,
    port,
    host: hostname === "[::1]" ? "::1" : "127.0.0.1",
    path,
    timeoutMs: options.timeoutMs ?? 300_000,
    // The implicit grant returns the token in the fragment, which browsers never send to a server.
    fragment: responseType === "token",
    successTitle: "Imagen login complete",
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    const redirectUri = `http://${hostname}${listener.port === 80 ? "" : `:${listener.port}`}${path === "/" ? "" : path}`;
    pending = ctx.begin({ responseType, redirectUri, ...(options.scopes ? { scopes: options.scopes } : {}) });
    const open = options.openBrowser ?? true;
    if (typeof open === "function") await open(pending.url);
    else if (!open || !(await openBrowser(pending.url))) {
      process.stderr.write(`Open this address in a browser to authorize the application:\n${pending.url}\n`);
    }
    let result: Awaited<typeof listener.result>;
    try {
      result = await listener.result;
    } catch (error) {
      throw imagenFlowError(error);
    }
    return await ctx.finish(result, pending);
  } finally {
    await listener.close();
  }
}
