import type { RouteContext } from "./route-context.js";

/**
 * A hostile or broken server, as an attacker or a bad proxy would be. Every one is a
 * {@link Fault} (so every emulator's `setFault` takes them, with `paths` and `times`): a client
 * must end each with a typed error in bounded time, sending no credential anywhere else.
 */
export type HostileFault =
  /** Headers and the start of a body, then nothing: the body never ends (the connection stays open). */
  | { kind: "endlessBody"; status?: number; contentType?: string }
  /** A valid-looking token response, trickled `bytesPerTick` bytes every `intervalMs` (default 1 byte / 50 ms) after `totalBytes` of padding (default 100 000): minutes to finish. */
  | { kind: "slowBody"; status?: number; intervalMs?: number; bytesPerTick?: number; totalBytes?: number }
  /** A body of `bytes` (default 100 MB), streamed; `declareLength` sends its Content-Length (default: chunked, no length). */
  | { kind: "hugeBody"; status?: number; bytes?: number; declareLength?: boolean; contentType?: string }
  /** A redirect (default 307, which re-POSTs the body) to `location`: another origin, an `http://` one for a downgrade. */
  | { kind: "redirect"; location: string; status?: 301 | 302 | 303 | 307 | 308 }
  /**
   * A redirect to the same path on a plain `http://` origin (`host`, default `127.0.0.1:9`,
   * a closed port): the https → http downgrade a compromised proxy would send. The emulators
   * speak http themselves, so the client must refuse it as a redirect, whatever its scheme.
   */
  | { kind: "downgradeRedirect"; host?: string; status?: 301 | 302 | 303 | 307 | 308 }
  /** 200 with a token response whose `access_token` holds `chars` (default CR LF, a header line and a NUL). */
  | { kind: "headerInjectionToken"; chars?: string }
  /** An HTML error page built to make regex-based strippers backtrack: unclosed tags, runs of `<`, quotes (default 512 KiB). */
  | { kind: "pathologicalHtml"; status?: number; bytes?: number }
  /** 401 with a `WWW-Authenticate` built to make regex-based parsers backtrack (default about 8 KiB, under header limits). */
  | { kind: "pathologicalWwwAuthenticate"; status?: number; length?: number }
  /** Headers announcing `declaredBytes`, `afterBytes` of body, then the socket is destroyed (undici: `TypeError: terminated`). */
  | { kind: "resetMidBody"; status?: number; afterBytes?: number; declaredBytes?: number };

/** The kinds of {@link HostileFault}, to tell them from the other faults. */
export const HOSTILE_FAULT_KINDS: ReadonlySet<string> = new Set([
  "endlessBody",
  "slowBody",
  "hugeBody",
  "redirect",
  "downgradeRedirect",
  "headerInjectionToken",
  "pathologicalHtml",
  "pathologicalWwwAuthenticate",
  "resetMidBody",
]);

/** True for a {@link HostileFault}. */
export const isHostileFault = (fault: { kind: string }): fault is HostileFault => HOSTILE_FAULT_KINDS.has(fault.kind);

const JSON_TYPE = "application/json; charset=utf-8";
const TOKEN_START = '{"access_token":"hostile-';

/** Answer a request as `fault` says. Streams stop when the client goes away or the server closes. */
export function applyHostileFault(fault: HostileFault, ctx: RouteContext): void {
  const { res } = ctx;
  switch (fault.kind) {
    case "endlessBody":
      res.writeHead(fault.status ?? 200, { "content-type": fault.contentType ?? JSON_TYPE });
      res.write(TOKEN_START);
      return;
    case "slowBody":
      trickle(ctx, fault);
      return;
    case "hugeBody":
      stream(ctx, fault);
      return;
    case "redirect":
      res.writeHead(fault.status ?? 307, { location: fault.location, "content-type": "text/plain" });
      res.end(`Moved to ${fault.location}`);
      return;
    case "downgradeRedirect": {
      const location = `http://${fault.host ?? "127.0.0.1:9"}${ctx.url.pathname}${ctx.url.search}`;
      res.writeHead(fault.status ?? 308, { location, "content-type": "text/plain" });
      res.end(`Moved to ${location}`);
      return;
    }
    case "headerInjectionToken":
      ctx.json(200, { access_token: `hostile${fault.chars ?? "\r\nX-Injected: 1\u0000"}token`, token_type: "Bearer", expires_in: 3600 });
      return;
    case "pathologicalHtml":
      ctx.send(fault.status ?? 502, pathologicalHtml(fault.bytes ?? 512 * 1024), { "content-type": "text/html; charset=utf-8" });
      return;
    case "pathologicalWwwAuthenticate":
      ctx.send(fault.status ?? 401, "unauthorized", { "www-authenticate": pathologicalChallenge(fault.length ?? 8 * 1024) });
      return;
    case "resetMidBody": {
      const after = fault.afterBytes ?? 16;
      res.writeHead(fault.status ?? 200, { "content-type": JSON_TYPE, "content-length": String(fault.declaredBytes ?? after + 1000) });
      res.write(TOKEN_START.padEnd(after, "x").slice(0, after), () => {
        // Let the bytes leave before the reset, so the client is mid-body, not mid-headers.
        setTimeout(() => ctx.req.socket.destroy(), 20);
      });
      return;
    }
  }
}

function trickle(ctx: RouteContext, fault: Extract<HostileFault, { kind: "slowBody" }>): void {
  const { res } = ctx;
  const body = `${TOKEN_START}slow","token_type":"Bearer","expires_in":3600}`;
  const padding = Math.max(0, (fault.totalBytes ?? 100_000) - body.length);
  let sent = 0;
  res.writeHead(fault.status ?? 200, { "content-type": JSON_TYPE });
  const per = Math.max(1, fault.bytesPerTick ?? 1);
  const timer = setInterval(() => {
    if (sent >= padding) {
      clearInterval(timer);
      res.end(body);
      return;
    }
    const n = Math.min(per, padding - sent);
    sent += n;
    res.write(" ".repeat(n));
  }, fault.intervalMs ?? 50);
  res.on("close", () => clearInterval(timer));
}

function stream(ctx: RouteContext, fault: Extract<HostileFault, { kind: "hugeBody" }>): void {
  const { res } = ctx;
  const total = fault.bytes ?? 100 * 1024 * 1024;
  const headers: Record<string, string> = { "content-type": fault.contentType ?? JSON_TYPE };
  if (fault.declareLength) headers["content-length"] = String(total);
  res.writeHead(fault.status ?? 200, headers);
  const chunk = Buffer.alloc(64 * 1024, "a");
  let sent = 0;
  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  const pump = () => {
    while (!closed && sent < total) {
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once("drain", pump);
        return;
      }
    }
    if (!closed) res.end();
  };
  res.write(TOKEN_START);
  pump();
}

/** Unclosed `<script>`, `<head>` and tags, long runs of `<` and of quotes: linear scanners shrug, backtracking regexes do not. */
export function pathologicalHtml(bytes: number): string {
  const unit = `<head><title>502 Bad Gateway</title><script>var a="${"<".repeat(64)}\\"${'"'.repeat(32)}<${" ".repeat(64)}<a href="${"=".repeat(32)}`;
  const parts = ["<!DOCTYPE html><html>"];
  let size = parts[0]!.length;
  while (size < bytes) {
    parts.push(unit);
    size += unit.length;
  }
  return parts.join("").slice(0, bytes);
}

/** A `Bearer` challenge of about `length` characters: many `a=` pairs, escaped quotes, an unclosed quoted string. */
export function pathologicalChallenge(length: number): string {
  const head = 'Bearer realm="api", error="insufficient_scope", ';
  const pairs = "a=b, ".repeat(Math.max(0, Math.floor((length / 2 - head.length) / 5)));
  const tail = `scope="${'\\"'.repeat(Math.max(0, Math.floor(length / 4)))}${" ".repeat(Math.max(0, Math.floor(length / 4)))}`;
  return (head + pairs + tail).slice(0, length);
}
