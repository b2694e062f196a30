import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { ConfigurationError, MemoryTokenStore, OAuthError, storeKey } from "@auth/core";
import { type MetapackEmulator, startMetapackEmulator } from "@auth/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createMetapackAuth as createMetapackAuthMain, parseApiKeyProperties } from "../src/index.js";
import { createMetapackAuth, loadApiKeyProperties } from "../src/node.js";

const EXAMPLE_BASIC = "Basic MURSMzQzNEtERkpMUjMyTDUzTDQyMzVKNjp3cWUzNHR5eWg3Njc5am9ra0RhJDdkZjQ2YmJiYmp1aStiNy1zZGZzZGZZ";

let emu: MetapackEmulator;
let now = Date.now();
const clock = () => now;
const dir = mkdtempSync(join(tmpdir(), "metapack-test-"));
let propertiesFile: string;

beforeAll(async () => {
  emu = await startMetapackEmulator({ clock });
  propertiesFile = join(dir, "apiKey.properties");
  writeFileSync(propertiesFile, emu.credentials.properties);
});
afterAll(() => emu.close());
afterEach(() => {
  emu.setFault(null);
  emu.setTokenLifetime(3600);
  emu.requests.clear();
});

const tokenRequests = () => emu.requests.count("/oauth");
const auth = (extra: Record<string, unknown> = {}) => createMetapackAuth({ baseUrl: emu.url, propertiesFile, clock, ...extra });

describe("the request, as documented", () => {
  test("Basic of the raw id:secret, byte for byte the document's example; the documented body and content type", async () => {
    const token = await createMetapackAuthMain({
      baseUrl: emu.url,
      apiKeyId: "1DR3434KDFJLR32L53L4235J6",
      apiKeySecret: "wqe34tyyh7679jokkDa$7df46bbbbjui+b7-sdfsdfY",
      clock,
    }).getToken();
    const sent = emu.requests.all.find((r) => r.path === "/oauth")!;
    expect(sent.method).toBe("POST");
    expect(sent.headers.authorization).toBe(EXAMPLE_BASIC);
    expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent.body).toBe("grant_type=client_credentials");
    expect(token.tokenType).toBe("bearer");
    expect(token.scopes).toEqual(["can-create-locations", "can-delete-own-locations", "can-update-own-locations", "can-create-own-location-rules"]);
    expect(token.expiresAt).toBe(now + 3_600_000);
  });

  test("the API key from options, properties text, a file, or loadApiKeyProperties gives the same request", async () => {
    const variants = [
      createMetapackAuthMain({ baseUrl: emu.url, apiKeyId: emu.credentials.apiKeyId, apiKeySecret: emu.credentials.apiKeySecret }),
      createMetapackAuthMain({ baseUrl: emu.url, properties: emu.credentials.properties }),
      createMetapackAuth({ baseUrl: emu.url, propertiesFile }),
      createMetapackAuth({ baseUrl: emu.url, ...loadApiKeyProperties(propertiesFile) }),
      createMetapackAuth({ baseUrl: emu.url, ...loadApiKeyProperties(emu.credentials.properties) }),
    ];
    for (const a of variants) await a.getToken();
    expect(emu.requests.all.map((r) => r.headers.authorization)).toEqual(Array(5).fill(EXAMPLE_BASIC));
  });

  test("the bearer token is sent per RFC 6750", async () => {
    const a = auth();
    const res = await a.fetch(emu.resourceUrl);
    expect(res.status).toBe(200);
    const ping = emu.requests.all.find((r) => r.path === "/api/ping")!;
    expect(ping.headers.authorization).toBe(`Bearer ${(await a.getToken()).accessToken}`);
    expect(await a.authorize({ method: "GET", url: emu.resourceUrl })).toEqual({ authorization: ping.headers.authorization });
    // The README's quick start shape.
    expect(await createMetapackAuth({ baseUrl: emu.url, propertiesFile }).client().get("api/ping").json()).toMatchObject({ ok: true });
  });
});

describe("errors", () => {
  // The suite (bearer-conformance.test.ts) checks invalid_client itself; here, Metapack's hints.
  test("wrong credentials: the hint names the file and key, or the options and a trailing blank", async () => {
    const file = join(dir, "wrong.properties");
    writeFileSync(file, "apiKey.id = 1DR3434KDFJLR32L53L4235J6\napiKey.secret = not-the-secret\n");
    const error = (await createMetapackAuth({ baseUrl: emu.url, propertiesFile: file })
      .getToken()
      .catch((e: unknown) => e)) as OAuthError;
    expect(error).toBeInstanceOf(OAuthError);
    expect(error.hint).toContain(file);
    expect(error.hint).toContain("apiKey.secret");
    const direct = (await createMetapackAuthMain({ baseUrl: emu.url, apiKeyId: "x", apiKeySecret: "y " })
      .getToken()
      .catch((e: unknown) => e)) as OAuthError;
    expect(direct.hint).toContain('"apiKeyId" / "apiKeySecret"');
    expect(direct.hint).toContain("ends with whitespace");
  });

  test("the refreshWindow and store options are used", async () => {
    emu.setTokenLifetime(600);
    const store = new MemoryTokenStore();
    const a = auth({ refreshWindow: 300_000, store });
    const first = await a.getToken();
    expect(await store.get(storeKey({ provider: "metapack", baseUrl: emu.url, account: emu.credentials.apiKeyId }))).toEqual(first);
    now += 299_000;
    expect(await a.getToken()).toEqual(first);
    now += 2_000; // 299 s left < 300 s window
    expect((await a.getToken()).accessToken).not.toBe(first.accessToken);
    expect(tokenRequests()).toBe(2);
    // Another instance on the same store reuses the stored token.
    await auth({ store }).getToken();
    expect(tokenRequests()).toBe(2);
  });

  test("configuration errors name the file and key, never the secret", () => {
    const missingId = join(dir, "no-id.properties");
    writeFileSync(missingId, "apiKey.secret = CANARY-in-file\n");
    expect(() => createMetapackAuth({ baseUrl: emu.url, propertiesFile: missingId })).toThrow(ConfigurationError);
    expect(() => createMetapackAuth({ baseUrl: emu.url, propertiesFile: missingId })).toThrow(`"${missingId}" has no apiKey.id`);
    const empty = join(dir, "empty.properties");
    writeFileSync(empty, "apiKey.id=abc\napiKey.secret=\n");
    expect(() => loadApiKeyProperties(empty)).toThrow(`"${empty}" has an empty apiKey.secret`);
    // Not quoted: an unreadable "path" may be the file's text, with the secret (test/config-redaction.test.ts).
    expect(() => loadApiKeyProperties(join(dir, "nope.properties"))).toThrow(/Cannot read the apiKey.properties file at the path given \(ENOENT\)/);
    expect(() => loadApiKeyProperties(join(dir, "nope.properties"))).toThrow(expect.objectContaining({ hint: expect.stringContaining('"propertiesFile" path') }));
    expect(() => loadApiKeyProperties(empty)).toThrow(expect.objectContaining({ hint: expect.stringContaining('"apiKey.secret = ..."') }));
    expect(() => loadApiKeyProperties(dir)).toThrow(/\(EISDIR\)/);
    expect(() => parseApiKeyProperties("apiKey.id=a\napiKey.secret=CANARY\\u12")).toThrow(/line 2/);
    for (const run of [
      () => loadApiKeyProperties(missingId),
      () => parseApiKeyProperties("apiKey.id=a\napiKey.secret=CANARY\\u12"),
      () => createMetapackAuthMain({ baseUrl: emu.url, properties: "apiKey.secret=CANARY-x" }),
    ]) {
      const e = (() => {
        try {
          run();
        } catch (x) {
          return x as ConfigurationError;
        }
      })();
      expect(e).toBeInstanceOf(ConfigurationError);
      expect(`${e!.message} ${e!.hint} ${e!.stack} ${inspect(e)} ${JSON.stringify(e)}`).not.toContain("CANARY");
    }
    expect(() => createMetapackAuthMain({ baseUrl: emu.url, propertiesFile })).toThrow(/"propertiesFile" needs to read a file/);
    expect(() => createMetapackAuthMain({ baseUrl: emu.url, propertiesFile })).toThrow(expect.objectContaining({ hint: expect.stringContaining('On Node, "@auth/metapack" reads files') }));
    expect(() => createMetapackAuthMain({ baseUrl: emu.url, apiKeyId: "", apiKeySecret: "x" })).toThrow(/apiKeyId/);
    expect(() => createMetapackAuthMain({ baseUrl: emu.url, apiKeyId: "a:b", apiKeySecret: "x" })).toThrow(/":"/);
    expect(() => createMetapackAuthMain({ baseUrl: "http://metapack.example", apiKeyId: "a", apiKeySecret: "x" })).toThrow(/https/);
  });
});
