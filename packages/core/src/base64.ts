import { trimTrailing } from "./text-scan.js";

/** Base64 of the UTF-8 bytes of `text`, in any runtime (no Buffer). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64url without padding (RFC 4648 §5), as PKCE and state use. */
export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return trimTrailing(btoa(binary).replace(/\+/g, "-").replace(/\//g, "_"), "=");
}
