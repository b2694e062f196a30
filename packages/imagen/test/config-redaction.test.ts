import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printedForms } from "../../../test-utils/printed-forms.js";
import { ConfigurationError, classifyRedirectUri, createImagenAuth, type ImagenAuthOptions, loadImagenApplication } from "../src/node-entry.js";

// Canary: a password or secret that must never appear in a configuration error.
const CANARY = "Canary-Pa55w0rd-4e7a";
const make = (o: Partial<ImagenAuthOptions> = {}) => createImagenAuth({ baseUrl: "https://imagen.example.com", apiKey: "KEY", ...o });

async function errorOf(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a ConfigurationError");
}

async function expectClean(fn: () => unknown): Promise<Error> {
  const error = await errorOf(fn);
  expect(error).toBeInstanceOf(ConfigurationError);
  for (const form of printedForms([error])) {
    expect(form).not.toContain(CANARY);
    expect(form).not.toContain(encodeURIComponent(CANARY));
  }
  return error;
}

describe("Imagen configuration errors quote no redirect URI, option or path", () => {
  it.each([
    ["web", `http://app.example.com/cb?key=${CANARY}`],
    ["web", `https://user:${CANARY}@app.example.com/cb`],
    ["web", `https://exa mple.com/${CANARY}`],
    ["web", CANARY],
    ["installed", `https://app.example.com/cb?key=${CANARY}`],
    ["installed", `http://user:${CANARY}@localhost/cb`],
    ["installed", `not a uri ${CANARY}`],
  ] as const)("%s redirect URI %s", async (type, uri) => {
    await expectClean(() => classifyRedirectUri(uri, type));
    await expectClean(() => make({ applicationType: type, redirectUri: uri }));
  });

  it("the messages still say what is wrong", async () => {
    expect((await expectClean(() => classifyRedirectUri(`http://app.example.com/${CANARY}`, "web"))).message).toMatch(/https:\/\/.*http: URL/);
    expect((await expectClean(() => classifyRedirectUri(`https://u:${CANARY}@app.example.com/cb`, "web"))).message).toMatch(/\(https:\/\/app\.example\.com\) carries a user name or password/);
    expect((await expectClean(() => classifyRedirectUri(`https://app.example.com/${CANARY}`, "installed"))).message).toMatch(/cannot use a redirect URI on https:\/\/app\.example\.com\./);
  });

  it("an option of the wrong kind (applicationType, responseType) is not quoted", async () => {
    await expectClean(() => make({ applicationType: CANARY as "web" }));
    await expectClean(() => make().authorizationUrl({ responseType: CANARY as "code" }));
  });

  it("a baseUrl with a password is refused without it", async () => {
    await expectClean(() => make({ baseUrl: `https://imagen:${CANARY}@imagen.example.com` }));
  });

  it("the application JSON text passed where its path was expected is not echoed", async () => {
    const text = JSON.stringify({ apiKey: "KEY", apiSecret: CANARY, applicationType: "Installed app" });
    const error = await expectClean(() => loadImagenApplication(text));
    expect(error.message).toMatch(/Cannot read the Imagen application file at the path given \(E[A-Z]+\)/);
    await expectClean(() => loadImagenApplication(join(mkdtempSync(join(tmpdir(), "imagen-")), `${CANARY}.json`)));
  });
});
