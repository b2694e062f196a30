import { AuthError, type BearerSettings as CoreBearerSettings, createClient, InvalidTokenResponseError, MemoryTokenStore, OAuthError, TokenEndpointError } from "@auth/core";
import { startMetapackEmulator } from "@auth/testing";
import { describeBearerProvider } from "../../../test-utils/bearer-conformance.js";
import { createMetapackAuth, } from "../src/index.js";

// Caching, single flight, invalidate, 401 retry, error mapping and canaries: the suite every
// bearer provider runs. metapack.test.ts keeps what only Metapack does.
describeBearerProvider({
  name: "Metapack",
  start: (secret) => startMetapackEmulator(secret === undefined ? {} : { apiKeySecret: secret }),
  create: (emu, settings) =>
    createMetapackAuth({ baseUrl: emu.url, apiKeyId: emu.credentials.apiKeyId, apiKeySecret: emu.credentials.apiKeySecret, ...(settings as CoreBearerSettings) }),
  createWithWrongSecret: (emu, settings) =>
    createMetapackAuth({ baseUrl: emu.url, apiKeyId: emu.credentials.apiKeyId, apiKeySecret: "not-the-secret", ...(settings as CoreBearerSettings) }),
  invalidClientHint: /"apiKeyId" \/ "apiKeySecret"/,
  // HTTP Basic of the raw id:secret (the document's example).
  derivedSecrets: (emu, secret) => [Buffer.from(`${emu.credentials.apiKeyId}:${secret}`).toString("base64")],
  core: { createClient, MemoryTokenStore, AuthError, OAuthError, TokenEndpointError, InvalidTokenResponseError },
});
