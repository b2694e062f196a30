/**
 * `request`'s command line to a fetch call: METHOD, URL or path (resolved against the base
 * URL), `-d` fields (query or form body), `--data-raw`, `-H` headers. Every bad input is a
 * UsageError.
 */
import { normalizeBaseUrl } from "./store.js";
import { UsageError } from "./ui.js";

const QUERY_METHODS = new Set(["GET", "HEAD", "DELETE", "OPTIONS"]);

/** RFC 3986 encoding for the query (spaces as %20: a `+` is literal to some servers and to OAuth 1.0a signers). */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function buildRequest(
  baseUrl: string,
  method: string,
  target: string,
  data: string[],
  dataRaw: string | undefined,
  headers: string[],
): { url: string; init: RequestInit } {
  if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`'${method}' is not an HTTP method.`, "Usage: auth-token <provider> request <METHOD> <URL|path>");
  const m = method.toUpperCase();
  let url: string;
  if (/^https?:\/\//i.test(target)) url = target;
  else url = `${normalizeBaseUrl(baseUrl)}${target.startsWith("/") ? "" : "/"}${target}`;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`'${target}' is not a URL or path.`);
  }
  const h = new Headers();
  for (const line of headers) {
    const i = line.indexOf(":");
    if (i <= 0) throw new UsageError(`-H '${line}' is not 'Name: value'.`);
    try {
      h.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
    } catch {
      throw new UsageError(`-H '${line}' is not a valid header.`);
    }
  }
  if (data.length && dataRaw !== undefined) throw new UsageError("Use either -d/--data or --data-raw, not both.");
  const fields: [string, string][] = data.map((d) => {
    const i = d.indexOf("=");
    if (i <= 0) throw new UsageError(`-d '${d}' is not key=value.`);
    return [d.slice(0, i), d.slice(i + 1)];
  });
  const init: RequestInit = { method: m, headers: h };
  if (fields.length && QUERY_METHODS.has(m)) {
    const u = new URL(url);
    const extra = fields.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
    u.search = u.search ? `${u.search}&${extra}` : `?${extra}`;
    url = u.href;
  } else if (fields.length) {
    if (!h.has("content-type")) h.set("content-type", "application/x-www-form-urlencoded");
    init.body = fields.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
  } else if (dataRaw !== undefined) {
    if (!h.has("content-type")) h.set("content-type", "application/x-www-form-urlencoded");
    init.body = dataRaw;
  }
  return { url, init };
}
