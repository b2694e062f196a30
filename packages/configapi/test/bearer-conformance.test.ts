import { AuthError, type BearerSettings as CoreBearerSettings, createClient, InvalidTokenResponseError, MemoryTokenStore, OAuthError, TokenEndpointError } from "@auth/core";
import { startConfigApiEmulator } from "@auth/testing";
import { describeBearerProvider } from "../../../test-utils/bearer-conformance.js";
import { createConfigApiAuth } from "../src/index.js";

// Caching, single flight, invalidate, 401 retry, error mapping and canaries: the suite every
// bearer provider runs. configapi.test.ts keeps what only ConfigAPI does.
describeBearerProvider({
  name: "ConfigAPI",
  start: (secret) => startConfigApiEmulator(secret === undefined ? {} : { clientSecret: secret }),
  create: (emu, settings) =>
    createConfigApiAuth({ baseUrl: emu.url, clientId: emu.credentials.clientId, clientSecret: emu.credentials.clientSecret, ...(settings as CoreBearerSettings) }),
  createWithWrongSecret: (emu, settings) =>
    createConfigApiAuth({ baseUrl: emu.url, clientId: emu.credentials.clientId, clientSecret: "wrong", ...(settings as CoreBearerSettings) }),
  invalidClientHint: /"clientId" and "clientSecret"/,
  core: { createClient, MemoryTokenStore, AuthError, OAuthError, TokenEndpointError, InvalidTokenResponseError },
});
