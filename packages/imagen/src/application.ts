import { ConfigurationError, Secret } from "@auth/core";
import type { ImagenApplicationType } from "./redirect-uri.js";

/** What the application JSON file from ImagenWeb's Developer section gives a client. */
export interface ImagenApplication {
  /** The API key: the OAuth 2 `client_id`. */
  apiKey: string;
  /** The application secret (needed for the authorization code flow), never printed. */
  apiSecret?: Secret;
  applicationType?: ImagenApplicationType;
  redirectUri?: string;
  name?: string;
  scopes?: string[];
}

// docs/providers.md#imagen-applications says a JSON file with the credentials can be downloaded but gives no
// schema, so we accept the obvious spellings. Keys are compared lower-cased with everything but
// letters and digits removed ("API Key", "api_key" and "apiKey" are all "apikey").
const KEYS = {
  apiKey: ["apikey", "key", "clientid", "consumerkey", "applicationkey", "appkey"],
  apiSecret: ["apisecret", "secret", "clientsecret", "consumersecret", "applicationsecret", "appsecret"],
  applicationType: ["applicationtype", "apptype", "type"],
  redirectUri: ["redirecturi", "redirecturl", "customredirecturi", "redirecturis", "redirect"],
  name: ["name", "applicationname", "appname"],
  scopes: ["scopes", "scope"],
} as const;
const NESTED = ["application", "app", "credentials", "client"];
const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Spellings accepted for each field of the application file (see the README). */
export const IMAGEN_APPLICATION_KEYS: Readonly<Record<keyof ImagenApplication, readonly string[]>> = KEYS;

/**
 * Read the application JSON (text or parsed) downloaded from ImagenWeb's Developer section.
 * Accepts the spellings in {@link IMAGEN_APPLICATION_KEYS} at the top level or inside an
 * `application` / `credentials` object; type values "Web" and "Installed app" (any case,
 * also "installed", "native", "desktop"). Errors list expected and found key names, never values.
 */
export function parseImagenApplication(input: string | unknown, source = "the Imagen application file"): ImagenApplication {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input.replace(/^\uFEFF/, ""));
    } catch {
      // The SyntaxError quotes the text, which holds the secret: do not pass it on.
      throw new ConfigurationError(`${source} is not valid JSON.`, { hint: "Download the application JSON again from the Developer section of ImagenWeb." });
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigurationError(`${source} does not hold a JSON object.`, { hint: "Download the application JSON again from the Developer section of ImagenWeb." });
  }
  const fields = new Map<string, unknown>();
  const collect = (o: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(o)) if (!fields.has(norm(k))) fields.set(norm(k), v);
  };
  collect(value as Record<string, unknown>);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (NESTED.includes(norm(k)) && v && typeof v === "object" && !Array.isArray(v)) collect(v as Record<string, unknown>);
  }
  const pick = (names: readonly string[]) => names.map((n) => fields.get(n)).find((v) => v !== undefined && v !== null && v !== "");
  const apiKey = pick(KEYS.apiKey);
  if (typeof apiKey !== "string" || !apiKey.trim()) {
    // Key names only (never values), nested ones as `application.id`, so the user sees what the file holds.
    const names: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      names.push(k);
      if (NESTED.includes(norm(k)) && v && typeof v === "object" && !Array.isArray(v)) for (const n of Object.keys(v)) names.push(`${k}.${n}`);
    }
    const found = names.slice(0, 20).map((k) => `"${k.slice(0, 40)}"`).join(", ") || "none";
    throw new ConfigurationError(
      `${source} has no API key. Expected one of the keys apiKey, api_key, "API key", key, clientId, client_id, consumerKey, appKey (any case, also inside "application" or "credentials"); found: ${found}.`,
      { hint: "Use the JSON downloaded from the application's page in ImagenWeb's Developer section, or pass apiKey yourself." },
    );
  }
  const app: ImagenApplication = { apiKey: apiKey.trim() };
  const secret = pick(KEYS.apiSecret);
  if (typeof secret === "string" && secret) app.apiSecret = new Secret(secret);
  const type = pick(KEYS.applicationType);
  if (typeof type === "string") {
    const t = norm(type);
    if (t === "web" || t === "webapplication" || t === "webapp") app.applicationType = "web";
    else if (["installed", "installedapp", "installedapplication", "native", "desktop"].includes(t)) app.applicationType = "installed";
    else {
      throw new ConfigurationError(`${source} has application type "${type.slice(0, 40)}". Expected "Web" or "Installed app".`, {
        hint: "Fix the type in the file, or pass applicationType yourself.",
      });
    }
  }
  const redirect = pick(KEYS.redirectUri);
  const firstRedirect = Array.isArray(redirect) ? redirect.find((r) => typeof r === "string" && r) : redirect;
  if (typeof firstRedirect === "string") app.redirectUri = firstRedirect.trim();
  const name = pick(KEYS.name);
  if (typeof name === "string") app.name = name;
  const scopes = pick(KEYS.scopes);
  if (typeof scopes === "string") app.scopes = scopes.split(/[\s,]+/).filter(Boolean);
  else if (Array.isArray(scopes)) app.scopes = scopes.filter((s): s is string => typeof s === "string" && s !== "");
  return app;
}
