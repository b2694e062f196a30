/**
 * An RFC 5849 (OAuth 1.0) HMAC-SHA1 signature verifier for the Bynder emulator.
 *
 * Written independently of @auth/bynder's signing code on purpose (no shared helper, a
 * different method: everything here works on raw octets in Buffers, straight from what came
 * over the wire), so one misreading of the RFC cannot hide in both.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** One parameter as octets (decoded). */
interface Param {
  name: Buffer;
  value: Buffer;
}

/** The OAuth protocol parameters from an `Authorization: OAuth` header (§3.5.1), decoded. */
export interface OAuthHeader {
  params: Map<string, string>;
  /** Every parameter except `realm` and `oauth_signature`, in header order, for the base string. */
  signed: Param[];
  signature: string;
}

export class HeaderError extends Error {
  constructor(
    readonly problem: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

// §3.6 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~"
function unreserved(byte: number): boolean {
  if (byte >= 48 && byte <= 57) return true;
  if (byte >= 65 && byte <= 90) return true;
  if (byte >= 97 && byte <= 122) return true;
  return byte === 45 || byte === 46 || byte === 95 || byte === 126;
}

/** §3.6: percent-encode octets. */
export function encodeOctets(bytes: Buffer): string {
  const parts: string[] = [];
  for (const byte of bytes) {
    if (unreserved(byte)) parts.push(String.fromCharCode(byte));
    else parts.push(`%${byte.toString(16).toUpperCase().padStart(2, "0")}`);
  }
  return parts.join("");
}

const encodeText = (text: string): string => encodeOctets(Buffer.from(text, "utf8"));

/**
 * Percent-decode to octets. `plusIsSpace` for application/x-www-form-urlencoded (W3C HTML 4.0
 * §17.13.4, which §3.4.1.3.1 points to); header values use plain percent-encoding (§3.5.1).
 * A `%` without two hex digits stays a literal `%`.
 */
export function decodeOctets(text: string, plusIsSpace: boolean): Buffer {
  const raw = Buffer.from(text, "utf8");
  const out: number[] = [];
  const hex = (b: number | undefined) =>
    b === undefined ? -1 : b >= 48 && b <= 57 ? b - 48 : b >= 65 && b <= 70 ? b - 55 : b >= 97 && b <= 102 ? b - 87 : -1;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x25) {
      const h = hex(raw[i + 1]);
      const l = hex(raw[i + 2]);
      if (h >= 0 && l >= 0) {
        out.push(h * 16 + l);
        i += 2;
        continue;
      }
    }
    out.push(plusIsSpace && b === 0x2b ? 0x20 : b);
  }
  return Buffer.from(out);
}

/** §3.4.1.3.1: name/value pairs of a query string or form body. */
export function formParams(text: string): Param[] {
  const params: Param[] = [];
  for (const piece of text.split("&")) {
    if (piece === "") continue;
    const at = piece.indexOf("=");
    const name = at < 0 ? piece : piece.substring(0, at);
    const value = at < 0 ? "" : piece.substring(at + 1);
    params.push({ name: decodeOctets(name, true), value: decodeOctets(value, true) });
  }
  return params;
}

/** §3.5.1: parse `OAuth name="value", ...`. Throws {@link HeaderError}. */
export function parseAuthorizationHeader(header: string | undefined): OAuthHeader {
  if (!header) throw new HeaderError("parameter_absent", "No Authorization header.", { oauth_parameters_absent: "oauth_consumer_key&oauth_signature" });
  const match = /^\s*OAuth\s+([\s\S]*)$/i.exec(header);
  if (!match) throw new HeaderError("parameter_absent", "The Authorization header does not use the OAuth scheme.");
  const params = new Map<string, string>();
  const signed: Param[] = [];
  let signature: string | undefined;
  const rest = match[1]!;
  const item = /\s*([A-Za-z0-9_\-.~%]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y;
  let pos = 0;
  while (pos < rest.length) {
    item.lastIndex = pos;
    const m = item.exec(rest);
    if (!m) throw new HeaderError("parameter_rejected", `Cannot parse the Authorization header near "${rest.slice(pos, pos + 20)}".`);
    pos = item.lastIndex;
    const name = decodeOctets(m[1]!, false).toString("utf8");
    const value = decodeOctets(m[2]!, false);
    if (params.has(name)) throw new HeaderError("parameter_rejected", `The parameter ${name} appears twice.`, { oauth_parameters_rejected: name });
    params.set(name, value.toString("utf8"));
    if (name === "realm") continue; // §3.4.1.3.1: realm is excluded
    if (name === "oauth_signature") {
      signature = value.toString("utf8");
      continue;
    }
    signed.push({ name: Buffer.from(name, "utf8"), value });
  }
  const absent = ["oauth_consumer_key", "oauth_signature_method", "oauth_signature", "oauth_timestamp", "oauth_nonce"].filter((n) => !params.has(n));
  if (absent.length) throw new HeaderError("parameter_absent", `Missing ${absent.join(", ")}.`, { oauth_parameters_absent: absent.join("&") });
  return { params, signed, signature: signature! };
}

/** What the verifier needs of the request, exactly as received. */
export interface ReceivedRequest {
  method: string;
  /** `http` or `https`: how the request reached the server. */
  scheme: string;
  /** The Host header. */
  host: string;
  /** The request target as received (path and query). */
  target: string;
  contentType: string | undefined;
  body: string;
}

/** §3.4.1: the signature base string of a received request. */
export function computeBaseString(request: ReceivedRequest, header: OAuthHeader): string {
  const q = request.target.indexOf("?");
  const path = q < 0 ? request.target : request.target.substring(0, q);
  const query = q < 0 ? "" : request.target.substring(q + 1);
  // §3.4.1.2: scheme and host in lower case; the port only when it is not the scheme's default.
  const scheme = request.scheme.toLowerCase();
  let host = request.host.toLowerCase();
  const portMatch = /:(\d+)$/.exec(host);
  if (portMatch && ((scheme === "http" && portMatch[1] === "80") || (scheme === "https" && portMatch[1] === "443"))) {
    host = host.substring(0, host.length - portMatch[0].length);
  }
  const baseUri = `${scheme}://${host}${path === "" ? "/" : path}`;

  const all: Param[] = [...formParams(query)];
  // §3.4.1.3.1: the entity-body only when single-part application/x-www-form-urlencoded.
  const type = (request.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") all.push(...formParams(request.body));
  all.push(...header.signed);

  // §3.4.1.3.2: encode, sort by name then value (byte order), join with "=" and "&".
  const encoded = all.map((p) => ({ name: encodeOctets(p.name), value: encodeOctets(p.value) }));
  encoded.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || Buffer.compare(Buffer.from(a.value), Buffer.from(b.value)));
  const normalized = encoded.map((p) => `${p.name}=${p.value}`).join("&");
  return [encodeText(request.method.toUpperCase()), encodeText(baseUri), encodeText(normalized)].join("&");
}

/** §3.4.2: HMAC-SHA1 with key `encode(consumer secret)&encode(token secret)`, base64. */
export function hmacSha1Signature(base: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac("sha1", `${encodeText(consumerSecret)}&${encodeText(tokenSecret)}`).update(base, "utf8").digest("base64");
}

/** Constant-time comparison of the received signature with the expected one. */
export function signaturesEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
