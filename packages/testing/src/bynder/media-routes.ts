import type { RouteContext } from "../route-context.js";
import { httpDate, sendProblem } from "./oauth-problem.js";
import type { RequestVerifier } from "./request-verifier.js";

/** What the protected API needs. */
export interface MediaState {
  verifier: RequestVerifier;
  clock: () => number;
  /** The token's user lost permission (the `denyPermission` fault). */
  permissionDenied: boolean;
}

export const MEDIA_PATH = "/api/v4/media/";

/**
 * The protected API: `GET/POST /api/v4/media/` and `/api/v4/media/{id}/`, signed with the
 * consumer and an access or permanent token. Answers what it received (method, query, form)
 * so signing tests can check what went out. Returns false for any other path.
 */
export function mediaRoutes(state: MediaState): (ctx: RouteContext) => boolean {
  return (ctx) => {
    const path = ctx.url.pathname;
    const mediaId = path.startsWith(MEDIA_PATH) ? singleSegment(path.slice(MEDIA_PATH.length)) : undefined;
    if (path !== MEDIA_PATH && mediaId === undefined) return false;
    const method = ctx.req.method ?? "GET";
    if (method !== "GET" && method !== "POST") {
      ctx.send(405, "method not allowed", { allow: "GET, POST" });
      return true;
    }
    const ok = state.verifier.verify(ctx, ["access", "permanent"]);
    if (!ok) return true;
    if (state.permissionDenied) {
      sendProblem(ctx, state.clock, 401, "permission_denied", "The token's user may not list media.");
      return true;
    }
    const query: [string, string][] = [...ctx.url.searchParams];
    const form: [string, string][] = [...ctx.form];
    const item = { id: mediaId ?? "00000000-0000-0000-0000000000000001", name: "emulator.jpg", type: "image" };
    ctx.json(200, { method, query, form, ...(mediaId === undefined ? { media: [item] } : { item }) }, { date: httpDate(state.clock) });
    return true;
  };
}

/** `{id}/` → `id` (one non-empty segment and its trailing slash), else undefined. */
function singleSegment(rest: string): string | undefined {
  const slash = rest.indexOf("/");
  return slash > 0 && slash === rest.length - 1 ? rest.slice(0, slash) : undefined;
}
