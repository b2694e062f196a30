import type { RouteContext } from "../route-context.js";
import { DISABLED, type ImagenState, REALM } from "./state.js";

// Which scope each resource needs, after the document's "Scopes explained"; paths are the emulator's.
type Rule = { path: RegExp; read: string[]; write: string[]; create?: string[] };
const RULES: Rule[] = [
  { path: /^\/api\/v1\/(records|media|collections)(\/[^/]+)?$/, read: ["readUsersData", "modifyUsersData"], write: ["modifyUsersData"] },
  { path: /^\/api\/v1\/(jobs|workflows)(\/[^/]+)?$/, read: ["manageJobs"], write: ["manageJobs", "createJobs"], create: ["createJobs"] },
  { path: /^\/api\/v1\/(users|groups)$/, read: ["roles", "modifyRoles"], write: ["modifyRoles"] },
  { path: /^\/api\/v1\/users\/[^/]+(\/email)?$/, read: ["roles", "modifyRoles"], write: ["modifyRoles"] },
];

/**
 * The scope-guarded REST API under `/api/v1` (records, media, collections, jobs, workflows,
 * users, groups): RFC 6750 challenges for a missing, unknown or expired token and
 * `insufficient_scope` (403) naming the scope; records can be created and read. Returns false
 * for a path it does not serve.
 */
export function recordsApi(state: ImagenState, ctx: RouteContext): boolean {
  const rule = RULES.find((r) => r.path.test(ctx.url.pathname));
  if (!rule) return false;
  resource(state, ctx, rule);
  return true;
}

function resource(state: ImagenState, ctx: RouteContext, rule: Rule) {
  const challenge = (status: number, error: string, extra: string) =>
    ctx.json(status, { error }, { "www-authenticate": `Bearer realm="${REALM}", error="${error}"${extra}` });
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "");
  if (!m) return ctx.json(401, { error: "unauthorized" }, { "www-authenticate": `Bearer realm="${REALM}"` }); // RFC 6750 §3.1
  if (!state.enabled) return challenge(401, "invalid_token", `, error_description="${DISABLED}"`);
  const info = state.issuer.verify(m[1]!);
  if (!info) return challenge(401, "invalid_token", ', error_description="The access token expired or is not known"');
  const method = ctx.req.method ?? "GET";
  const creates = method === "POST" && rule.create && ctx.url.pathname === "/api/v1/jobs";
  const needs = creates ? rule.create! : method === "GET" || method === "HEAD" ? rule.read : rule.write;
  if (!needs.some((s) => info.scopes.includes(s))) return challenge(403, "insufficient_scope", `, scope="${needs[0]}"`);
  if (method !== "GET" && method !== "HEAD" && ctx.body) {
    // docs/providers.md#imagen-applications: requests should be UTF-8.
    const charset = /;\s*charset="?([^";\s]+)/i.exec(String(ctx.req.headers["content-type"] ?? ""))?.[1];
    if (charset && charset.toLowerCase() !== "utf-8") return ctx.json(415, { error: "unsupported_charset", message: "Send UTF-8" });
  }
  const records = state.records;
  const recordId = /^\/api\/v1\/records\/([^/]+)$/.exec(ctx.url.pathname)?.[1];
  if (ctx.url.pathname === "/api/v1/records" && method === "POST") {
    let title: unknown;
    try {
      title = (JSON.parse(ctx.body) as { title?: unknown }).title;
    } catch {
      return ctx.json(400, { error: "invalid_json" });
    }
    if (typeof title !== "string") return ctx.json(400, { error: "title is required" });
    const rec = { id: String(records.size + 1), title };
    records.set(rec.id, rec);
    return ctx.json(201, rec, { location: `/api/v1/records/${rec.id}` });
  }
  if (recordId !== undefined && method === "GET") {
    const rec = records.get(recordId);
    return rec ? ctx.json(200, rec) : ctx.json(404, { error: "not_found" });
  }
  if (ctx.url.pathname === "/api/v1/records" && method === "GET") return ctx.json(200, { items: [...records.values()] });
  ctx.json(200, { ok: true, method, path: ctx.url.pathname, scopes: info.scopes });
}
