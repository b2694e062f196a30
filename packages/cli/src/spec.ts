/**
 * What the CLI knows about each provider without loading it: its settings (flag, environment
 * variable, whether the value is a secret) and its help text. Kept in the entry chunk so
 * `--help` and the stored-token fast path never import a provider package.
 */

export type ProviderName = "metapack" | "configapi" | "bynder" | "imagen";
export const PROVIDERS: readonly ProviderName[] = ["metapack", "configapi", "bynder", "imagen"];

export interface Setting {
  /** Property name in the resolved config. */
  name: string;
  /** Long flag without dashes. */
  flag: string;
  /** Environment variable. Secrets also accept `<ENV>_FILE` (a path to a file holding the value). */
  env: string;
  secret?: boolean;
  /** `--secret-stdin` reads this setting. */
  primarySecret?: boolean;
  /** Shown in help. */
  description: string;
}

export interface ProviderSpec {
  name: ProviderName;
  title: string;
  /** What `login` does for this provider. */
  loginKind: "validate" | "browser";
  /** How it authenticates, one line. */
  summary: string;
  settings: Setting[];
  /** Extra flags only meaningful for login. */
  loginFlags?: string;
  /** Files read as the last source of settings. */
  files: string;
}

const base = (env: string, what: string): Setting => ({ name: "baseUrl", flag: "base-url", env, description: what });

export const SPECS: Record<ProviderName, ProviderSpec> = {
  metapack: {
    name: "metapack",
    title: "Metapack",
    loginKind: "validate",
    summary: "OAuth 2 client credentials; HTTP Basic with the API key from apiKey.properties.",
    settings: [
      base("METAPACK_BASE_URL", "environment URL, e.g. https://dmo.metapack.com (token endpoint POST {url}/oauth)"),
      { name: "properties", flag: "properties", env: "METAPACK_PROPERTIES", description: "path of apiKey.properties (keys apiKey.id, apiKey.secret)" },
      { name: "apiKeyId", flag: "api-key-id", env: "METAPACK_API_KEY_ID", description: "API key id (overrides apiKey.id of the file)" },
      {
        name: "apiKeySecret",
        flag: "api-key-secret",
        env: "METAPACK_API_KEY_SECRET",
        secret: true,
        primarySecret: true,
        description: "API key secret (overrides apiKey.secret of the file)",
      },
    ],
    files: "apiKey.properties: --properties / METAPACK_PROPERTIES, else ./apiKey.properties when it exists",
  },
  configapi: {
    name: "configapi",
    title: "ConfigAPI",
    loginKind: "validate",
    summary: "OAuth 2 client credentials; client_id, client_secret and scope in the form body.",
    settings: [
      base("CONFIGAPI_BASE_URL", "service URL, e.g. https://example.com (token endpoint POST {url}/configapi/v2/oauth/token)"),
      { name: "clientId", flag: "client-id", env: "CONFIGAPI_CLIENT_ID", description: "the user's login ID" },
      { name: "clientSecret", flag: "client-secret", env: "CONFIGAPI_CLIENT_SECRET", secret: true, primarySecret: true, description: "the user's API secret" },
      { name: "scope", flag: "scope", env: "CONFIGAPI_SCOPE", description: "the tenant or host URL, e.g. example.com" },
    ],
    files: "none (use CONFIGAPI_CLIENT_SECRET_FILE for the secret)",
  },
  bynder: {
    name: "bynder",
    title: "Bynder",
    loginKind: "browser",
    summary: "OAuth 1.0a (HMAC-SHA1): consumer key/secret plus a permanent token, or a 30-day token from `login`.",
    settings: [
      base("BYNDER_BASE_URL", "portal URL, e.g. https://company.bynder.com"),
      { name: "consumerKey", flag: "consumer-key", env: "BYNDER_CONSUMER_KEY", description: "consumer key" },
      { name: "consumerSecret", flag: "consumer-secret", env: "BYNDER_CONSUMER_SECRET", secret: true, primarySecret: true, description: "consumer secret" },
      { name: "tokenKey", flag: "token-key", env: "BYNDER_TOKEN_KEY", description: "permanent token key (omit to use the token stored by `login`)" },
      { name: "tokenSecret", flag: "token-secret", env: "BYNDER_TOKEN_SECRET", secret: true, description: "permanent token secret" },
    ],
    loginFlags: "  --no-browser             print the authorise URL instead of opening a browser\n  --port N                 loopback callback port (default: any free port)\n  --timeout SECONDS        how long to wait for the browser (default 300)",
    files: "none (use BYNDER_CONSUMER_SECRET_FILE / BYNDER_TOKEN_SECRET_FILE for secrets)",
  },
  imagen: {
    name: "imagen",
    title: "Imagen",
    loginKind: "browser",
    summary: "OAuth 2 implicit or authorization-code flow for an Imagen application; scopes.",
    settings: [
      base("IMAGEN_BASE_URL", "Imagen URL, e.g. https://your_imagen_domain.com"),
      { name: "application", flag: "application", env: "IMAGEN_APPLICATION", description: "the application JSON file downloaded from the Developer section" },
      { name: "apiKey", flag: "api-key", env: "IMAGEN_API_KEY", description: "the application's API key (client_id)" },
      { name: "apiSecret", flag: "api-secret", env: "IMAGEN_API_SECRET", secret: true, primarySecret: true, description: "the application's secret (code flow only)" },
      { name: "scopes", flag: "scopes", env: "IMAGEN_SCOPES", description: 'space- or comma-separated scopes (default "readUsersData modifyUsersData")' },
      { name: "redirect", flag: "redirect", env: "IMAGEN_REDIRECT_URI", description: "oob (default), localhost, or a redirect URI" },
      { name: "responseType", flag: "response-type", env: "IMAGEN_RESPONSE_TYPE", description: "token (implicit, default) or code" },
      { name: "tokenEndpoint", flag: "token-endpoint", env: "IMAGEN_TOKEN_ENDPOINT", description: "token endpoint for the code flow (default {base}/oauth/token)" },
    ],
    loginFlags:
      "  --redirect oob|localhost|URI  oob: paste what the page shows; localhost: loopback listener\n  --response-type token|code    implicit (default) or authorization code\n  --no-browser             print the authorization URL instead of opening a browser\n  --port N                 loopback port (default: any free port)\n  --timeout SECONDS        how long to wait (default 300)",
    files: "the application JSON: --application / IMAGEN_APPLICATION",
  },
};

export function isProvider(name: string | undefined): name is ProviderName {
  return name !== undefined && (PROVIDERS as readonly string[]).includes(name);
}
