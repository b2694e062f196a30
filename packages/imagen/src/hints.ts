import { type AccessToken, AuthError, FlowError, InsufficientScopeError } from "@auth/core";

const DISABLED =
  "The application's credentials were refused. An Imagen administrator may have disabled the application (a disabled application's credentials stop working until it is re-enabled, docs/providers.md#imagen-applications): ask them to re-enable it, and check the API key and secret.";

/** Hints for token endpoint errors, by RFC 6749 §5.2 error code or HTTP status. */
export const TOKEN_ENDPOINT_HINTS: Record<string, string> = {
  invalid_client: DISABLED,
  unauthorized_client: DISABLED,
  "401": DISABLED,
  invalid_grant: "The code or refresh token is invalid, expired or already used: log in again.",
};

/** Give a flow error from the authorization page an Imagen-specific hint. */
export function imagenFlowError(error: unknown): unknown {
  if (!(error instanceof FlowError) || error.error === undefined) return error;
  const hints: Record<string, string> = {
    access_denied: "Access was not approved at the Imagen authorization page: log in again and approve the request.",
    unauthorized_client: DISABLED,
    invalid_client: DISABLED,
    invalid_scope:
      "Ask only for scopes the application has been granted. Every application has readUsersData and modifyUsersData; an Imagen administrator grants more in MediaControlCentre.",
  };
  const hint = hints[error.error];
  if (!hint) return error;
  const message = error.error === "access_denied" ? "Access was denied at the Imagen authorization page (access_denied)." : error.message;
  return new FlowError(message, { error: error.error, hint, cause: error });
}

/** RFC 6750 §3.1 insufficient_scope, with where scopes come from (docs/providers.md#imagen-applications). */
export function insufficientScopeError(scope: string | undefined): InsufficientScopeError {
  const scopes = (scope ?? "").split(/\s+/).filter(Boolean);
  const named = scopes.length ? `the scope ${scopes.map((s) => `"${s.slice(0, 40)}"`).join(" ")}` : "a scope it does not have";
  return new InsufficientScopeError(scopes, {
    message: `Imagen refused the request: the access token lacks ${named}.`,
    hint: `An Imagen administrator adds scopes to the application in MediaControlCentre; once it has ${scopes.length ? scopes.join(" ") : "the scope"}, add it to the scopes option and log in again.`,
  });
}

/** There is no usable token and none can be obtained without the user: log in again. */
export function loginRequiredError(previous: AccessToken | undefined, rejectedByServer: boolean): AuthError {
  if (!previous && !rejectedByServer) {
    return new AuthError("login_required", "There is no Imagen access token yet: log in first.", {
      hint: "Call login() (Node), or authorizationUrl() then completeAuthorization() with what the page shows.",
    });
  }
  const why = rejectedByServer
    ? "Imagen rejected the access token (expired early, revoked, or the application was disabled by an Imagen administrator)"
    : `The Imagen access token expired${previous?.expiresAt === undefined ? "" : ` at ${new Date(previous.expiresAt).toISOString()}`}`;
  return new AuthError("login_required", `${why}, and it has no refresh token (the implicit grant issues none): log in again.`, {
    hint: "Run login() again, or use the authorization code flow (responseType \"code\" with the API secret), whose tokens are refreshed.",
  });
}
