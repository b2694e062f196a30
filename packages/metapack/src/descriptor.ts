/**
 * `@auth/metapack/descriptor`: Metapack described for generic tools (the `auth-token` CLI).
 * Loads no runtime code: the properties reader and the factory are imported when needed.
 */
import type { ProviderDescriptor } from "@auth/core";

export const descriptor: ProviderDescriptor = {
  name: "metapack",
  title: "Metapack",
  summary: "OAuth 2 client credentials; HTTP Basic with the API key from apiKey.properties.",
  login: "check",
  settings: [
    {
      name: "baseUrl",
      flag: "base-url",
      env: "METAPACK_BASE_URL",
      required: true,
      option: "baseUrl",
      description: "environment URL, e.g. https://dmo.metapack.com (token endpoint POST {url}/oauth)",
    },
    { name: "properties", flag: "properties", env: "METAPACK_PROPERTIES", option: "propertiesFile", description: "path of apiKey.properties (keys apiKey.id, apiKey.secret)" },
    { name: "apiKeyId", flag: "api-key-id", env: "METAPACK_API_KEY_ID", required: true, option: "apiKeyId", description: "API key id (overrides apiKey.id of the file)" },
    {
      name: "apiKeySecret",
      flag: "api-key-secret",
      env: "METAPACK_API_KEY_SECRET",
      secret: true,
      primarySecret: true,
      required: true,
      option: "apiKeySecret",
      description: "API key secret (overrides apiKey.secret of the file)",
    },
  ],
  files: [
    {
      setting: "properties",
      defaultPath: "apiKey.properties",
      gives: ["apiKeyId", "apiKeySecret"],
      description: "apiKey.properties: --properties / METAPACK_PROPERTIES, else ./apiKey.properties when it exists",
      async load(path) {
        const { loadApiKeyProperties } = await import("./node.js");
        const key = loadApiKeyProperties(path);
        return { apiKeyId: key.apiKeyId, apiKeySecret: key.apiKeySecret.reveal() };
      },
    },
  ],
  account: (s) => s.apiKeyId,
  async create(s, { store, logger }) {
    const { createMetapackAuth } = await import("./node.js");
    const auth = createMetapackAuth({ baseUrl: s.baseUrl!, apiKeyId: s.apiKeyId!, apiKeySecret: s.apiKeySecret!, store, logger });
    return { baseUrl: s.baseUrl!, getToken: (o) => auth.getToken(o), fetch: auth.fetch };
  },
};
