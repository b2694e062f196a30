import { startOAuth2Emulator } from "@auth/testing";
import { describeBearerProvider } from "../../../test-utils/bearer-conformance.js";
import {
  AuthError,
  type BearerSettings,
  createClient,
  createTokenEndpointAuth,
  InvalidTokenResponseError,
  MemoryTokenStore,
  OAuthError,
  TokenEndpointError,
} from "../src/index.js";

// An in-house provider in a few lines (createTokenEndpointAuth on a client-credentials
// endpoint) passes the same conformance suite as the built-in bearer providers.
const createExampleAuth = (o: { baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string } & BearerSettings) =>
  createTokenEndpointAuth(o, {
    key: `example:${o.baseUrl}:${o.clientId}`,
    baseUrl: o.baseUrl,
    url: o.tokenUrl,
    params: { grant_type: "client_credentials" },
    clientAuth: { method: "basic", clientId: o.clientId, clientSecret: o.clientSecret },
    hints: { invalid_client: 'Check the "clientId" and "clientSecret" options.' },
  });

describeBearerProvider({
  name: "createTokenEndpointAuth (an in-house provider)",
  start: (secret) => startOAuth2Emulator(secret === undefined ? {} : { clientSecret: secret }),
  create: (emu, settings) => createExampleAuth({ baseUrl: emu.url, tokenUrl: emu.tokenUrl, ...emu.credentials, ...(settings as BearerSettings) }),
  createWithWrongSecret: (emu, settings) =>
    createExampleAuth({ baseUrl: emu.url, tokenUrl: emu.tokenUrl, clientId: emu.credentials.clientId, clientSecret: "wrong", ...(settings as BearerSettings) }),
  invalidClientHint: /"clientId" and "clientSecret"/,
  // RFC 6749 §2.3.1: Basic of the form-encoded id and secret.
  derivedSecrets: (emu, secret) => [
    Buffer.from(`${encodeURIComponent(emu.credentials.clientId)}:${new URLSearchParams({ s: secret }).toString().slice(2)}`).toString("base64"),
  ],
  core: { createClient, MemoryTokenStore, AuthError, OAuthError, TokenEndpointError, InvalidTokenResponseError },
});
