import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadImagenApplication as fromNode } from "../src/node.js";
import { ConfigurationError, createImagenAuth, ImagenScopeDescriptions, ImagenScopes, loadImagenApplication, parseImagenApplication } from "../src/node-entry.js";

const SECRET = "s3cr3t-CANARY-9d7f";
const dir = mkdtempSync(join(tmpdir(), "imagen-app-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("ImagenScopes", () => {
  it("has the six documented scopes, each with its meaning", () => {
    expect(Object.keys(ImagenScopes).sort()).toEqual(["createJobs", "manageJobs", "modifyRoles", "modifyUsersData", "readUsersData", "roles"]);
    for (const s of Object.values(ImagenScopes)) expect(ImagenScopeDescriptions[s].length).toBeGreaterThan(5);
  });
});

describe("loadImagenApplication / parseImagenApplication", () => {
  it.each([
    [{ apiKey: "K", apiSecret: SECRET, applicationType: "Installed app", redirectUri: "urn:ietf:wg:oauth:2.0:oob" }],
    [{ api_key: "K", api_secret: SECRET, application_type: "installed", redirect_uri: "urn:ietf:wg:oauth:2.0:oob" }],
    [{ "API Key": "K", Secret: SECRET, Type: "Installed App", "Redirect URI": "urn:ietf:wg:oauth:2.0:oob" }],
    [{ client_id: "K", client_secret: SECRET, type: "native", redirect_uris: ["urn:ietf:wg:oauth:2.0:oob"] }],
    [{ application: { name: "App", key: "K", secret: SECRET, type: "desktop", customRedirectUri: "urn:ietf:wg:oauth:2.0:oob" } }],
  ])("accepts %j", (json) => {
    const app = parseImagenApplication(JSON.stringify(json));
    expect(app.apiKey).toBe("K");
    expect(app.apiSecret?.reveal()).toBe(SECRET);
    expect(app.applicationType).toBe("installed");
    expect(app.redirectUri).toBe("urn:ietf:wg:oauth:2.0:oob");
    expect(inspect(app)).not.toContain(SECRET);
    expect(JSON.stringify(app)).not.toContain(SECRET);
  });

  it("reads a file and spreads into createImagenAuth", async () => {
    const p = file("web.json", JSON.stringify({ name: "Web app", apiKey: "K", apiSecret: SECRET, applicationType: "Web", redirectUri: "https://app.example.com/cb", scopes: "readUsersData, manageJobs" }));
    const app = await loadImagenApplication(p);
    expect(app).toMatchObject({ applicationType: "web", scopes: ["readUsersData", "manageJobs"] });
    expect(await fromNode(p)).toMatchObject({ apiKey: "K" });
    const auth = createImagenAuth({ baseUrl: "https://imagen.example.com", ...app });
    expect(auth.applicationType).toBe("web");
    expect(auth.scopes).toEqual(["readUsersData", "manageJobs"]);
  });

  it("a file without an API key: ConfigurationError listing expected and found keys, not values", async () => {
    const p = file("nokey.json", JSON.stringify({ secret: SECRET, redirect: "urn:ietf:wg:oauth:2.0:oob" }));
    const error = await loadImagenApplication(p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    const text = `${(error as Error).message} ${(error as ConfigurationError).hint} ${(error as Error).stack}`;
    expect(text).toMatch(/Expected one of the keys apiKey, api_key/);
    expect(text).toMatch(/found: "secret", "redirect"/);
    expect(text).not.toContain(SECRET);
    // Nested objects: their key names are listed too (never values); an empty object says "none".
    const nested = parseImagenApplicationError({ application: { id: "x", secret: SECRET }, version: 2 });
    expect(nested).toMatch(/found: "application", "application.id", "application.secret", "version"\./);
    expect(nested).not.toContain(SECRET);
    expect(parseImagenApplicationError({})).toMatch(/found: none\./);
    expect(parseImagenApplicationError({ apiKey: "   " })).toMatch(/Expected one of the keys apiKey/);
  });

  it("broken JSON, unknown type and a missing file never echo the content", async () => {
    const broken = file("broken.json", `{"apiKey": "K", "apiSecret": "${SECRET}",, }`);
    const e1 = await loadImagenApplication(broken).catch((e: unknown) => e);
    expect((e1 as Error).message).toMatch(/not valid JSON/);
    expect(`${(e1 as Error).stack}`).not.toContain(SECRET);
    expect(() => parseImagenApplication({ apiKey: "K", type: "mainframe" })).toThrow(/Expected "Web" or "Installed app"/);
    await expect(loadImagenApplication(join(dir, "missing.json"))).rejects.toThrow(/ENOENT/);
    expect(() => parseImagenApplication("[1]")).toThrow(ConfigurationError);
  });

  it("property: arbitrary JSON either parses or fails with a ConfigurationError that never contains a secret value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const doc = value && typeof value === "object" && !Array.isArray(value) ? { ...value, apiSecret: SECRET } : value;
        try {
          parseImagenApplication(JSON.stringify(doc));
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError);
          expect((error as Error).message).not.toContain(SECRET);
        }
      }),
    );
  });
});

function parseImagenApplicationError(value: unknown): string {
  try {
    parseImagenApplication(JSON.stringify(value));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("parsed without an API key");
}
