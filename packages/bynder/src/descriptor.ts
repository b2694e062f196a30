/**
 * `@auth/bynder/descriptor`: Bynder described for generic tools (the `auth-token` CLI).
 * Loads no runtime code: the factory and the handshake are imported when a command needs them.
 */
import type { ProviderDescriptor, ProviderSettings } from "@auth/core";

const permanent = (s: ProviderSettings) => (s.tokenKey && s.tokenSecret ? { key: s.tokenKey, secret: s.tokenSecret } : undefined);

export const descriptor: ProviderDescriptor = {
  name: "bynder",
  title: "Bynder",
  summary: "OAuth 1.0a (HMAC-SHA1): consumer key/secret plus a permanent token, or a 30-day token from `login`.",
  login: "interactive",
  loginHelp: [
    "  --no-browser             print the authorise URL instead of opening a browser",
    "  --port N                 loopback callback port (default: any free port)",
    "  --timeout SECONDS        how long to wait for the browser (default 300)",
  ].join("\n"),
  settings: [
    { name: "baseUrl", flag: "base-url", env: "BYNDER_BASE_URL", required: true, option: "baseUrl", description: "portal URL, e.g. https://company.bynder.com" },
    { name: "consumerKey", flag: "consumer-key", env: "BYNDER_CONSUMER_KEY", required: true, option: "consumer", description: "consumer key" },
    {
      name: "consumerSecret",
      flag: "consumer-secret",
      env: "BYNDER_CONSUMER_SECRET",
      secret: true,
      primarySecret: true,
      required: true,
      option: "consumer",
      description: "consumer secret",
    },
    { name: "tokenKey", flag: "token-key", env: "BYNDER_TOKEN_KEY", option: "token", description: "permanent token key (omit to use the token stored by `login`)" },
    { name: "tokenSecret", flag: "token-secret", env: "BYNDER_TOKEN_SECRET", secret: true, option: "token", description: "permanent token secret" },
  ],
  account: (s) => s.consumerKey,
  configuredToken(s) {
    const p = permanent(s);
    return p && { accessToken: p.key, tokenSecret: p.secret, tokenType: "OAuth", scopes: [] };
  },
  async create(s, context) {
    const { AuthError, ConfigurationError } = await import("@auth/core");
    if (!!s.tokenKey !== !!s.tokenSecret) {
      const [set, unset] = s.tokenKey ? ["BYNDER_TOKEN_KEY", "BYNDER_TOKEN_SECRET"] : ["BYNDER_TOKEN_SECRET", "BYNDER_TOKEN_KEY"];
      throw new ConfigurationError(`Bynder: ${set} is set but ${unset} is not; a permanent token is a pair.`, {
        hint: `Set ${unset} (or ${unset === "BYNDER_TOKEN_SECRET" ? "BYNDER_TOKEN_SECRET_FILE" : "--token-key"}), or leave both unset to use the token stored by the login.`,
      });
    }
    const mod = await import("./node.js");
    const token = permanent(s);
    const auth = mod.createBynderAuth({
      baseUrl: s.baseUrl!,
      consumer: { key: s.consumerKey!, secret: s.consumerSecret! },
      ...(token ? { token } : {}),
      store: context.store,
      logger: context.logger,
    });
    return {
      baseUrl: s.baseUrl!,
      async getToken() {
        try {
          return await auth.getToken();
        } catch (error) {
          if (!(error instanceof AuthError) || error.code !== "login_required") throw error;
          throw new AuthError("login_required", "Bynder: no token. Bynder tokens come from the portal (permanent) or from a login (30 days).", {
            hint: "Set BYNDER_TOKEN_KEY and BYNDER_TOKEN_SECRET (or _FILE) to a permanent token, or log in.",
          });
        }
      },
      fetch: auth.fetch,
      async login(o) {
        if (token) context.logger.warn("BYNDER_TOKEN_KEY/--token-key is set: requests keep using that permanent token; unset it to use the token from this login.");
        let stop: (() => void) | undefined;
        try {
          return await auth.login({
            timeoutMs: o.timeoutMs,
            ...(o.port === undefined ? {} : { port: o.port }),
            openBrowser: async (url: string) => {
              await context.presentUrl(url, "log in to Bynder and approve the request token");
              stop = context.waiting("Waiting for the browser to come back to the loopback callback", Date.now() + o.timeoutMs);
            },
          });
        } finally {
          stop?.();
        }
      },
    };
  },
};
