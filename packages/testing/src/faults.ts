import { applyHostileFault, type HostileFault, isHostileFault } from "./hostile-faults.js";
import type { RouteContext } from "./route-context.js";

/**
 * How an emulator should misbehave. Applies to requests whose path matches `paths` (all when
 * omitted), for `times` requests (forever when omitted), then the emulator behaves again.
 */
export type Fault = (
  | { kind: "status"; status: number; body?: string; contentType?: string }
  /** 429 (or `status`) with `Retry-After: seconds`. */
  | { kind: "rateLimit"; retryAfterSeconds: number; status?: number }
  /** Answer normally, but only after `delayMs`. */
  | { kind: "delay"; delayMs: number }
  /** 200 with a body that is not valid JSON. */
  | { kind: "malformedJson" }
  /** An HTML error page, as a proxy in front of the real service sends. */
  | { kind: "html"; status?: number }
  /** Destroy the connection without answering. */
  | { kind: "drop" }
  /** A hostile server: endless, slow or huge bodies, redirects, reset mid-body… (see {@link HostileFault}). */
  | HostileFault
) & { paths?: string[]; times?: number };

export interface FaultState {
  fault: Fault | null;
  remaining: number;
}

const HTML_PAGE = (status: number) =>
  `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title><style>body{font-family:sans-serif}</style></head>\n<body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n`;

/** Apply the current fault (startServer does, before the handler) to a request; true when it answered (or dropped) it. */
export async function applyFault(state: FaultState, ctx: RouteContext): Promise<boolean> {
  const fault = state.fault;
  if (!fault || state.remaining <= 0) return false;
  if (fault.paths && !fault.paths.includes(ctx.url.pathname)) return false;
  state.remaining--;
  if (isHostileFault(fault)) {
    applyHostileFault(fault, ctx);
    return true;
  }
  switch (fault.kind) {
    case "status":
      ctx.send(fault.status, fault.body ?? "", { "content-type": fault.contentType ?? "text/plain; charset=utf-8" });
      return true;
    case "rateLimit":
      ctx.json(fault.status ?? 429, { message: "Too many requests" }, { "retry-after": String(fault.retryAfterSeconds) });
      return true;
    case "delay":
      await new Promise((r) => setTimeout(r, fault.delayMs));
      return false;
    case "malformedJson":
      ctx.send(200, '{"access_token": "abc", "expires_in": 36', { "content-type": "application/json" });
      return true;
    case "html":
      ctx.send(fault.status ?? 502, HTML_PAGE(fault.status ?? 502), { "content-type": "text/html" });
      return true;
    case "drop":
      ctx.req.socket.destroy();
      return true;
  }
}
