import { type BynderEmulator, startBynderEmulator } from "@auth/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BynderAuth, createBynderAuth } from "../src/index.js";

// For arbitrary query and body content, the emulator's independent RFC 5849 verifier accepts
// what the client signs, and rejects the request once anything signed is changed.

let emulator: BynderEmulator;
let auth: BynderAuth;
let other: { key: string; secret: string };

beforeAll(async () => {
  emulator = await startBynderEmulator();
  auth = createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: emulator.permanentToken });
  other = emulator.issueAccessToken();
});
afterAll(() => emulator.close());

// Characters that break naive signers: reserved, sub-delims, "+", "%", spaces, unicode, emoji.
const tricky = fc.constantFrom(" ", "+", "%", "%2", "%41", "%FF", "%zz", "=", "!", "*", "'", "(", ")", "~", "@", "/", "?", ":", ";", ",", "[", "]", "é", "☃", "😀", "\u00a0", "a", "Z", "0", "-", "_", ".");
const word = fc.oneof(fc.string({ maxLength: 8 }), fc.array(tricky, { maxLength: 6 }).map((a) => a.join("")), fc.string({ unit: "grapheme", maxLength: 6 }));
// A raw query as a user might write it in a URL (no "#", which starts the fragment).
const rawQuery = fc
  .array(fc.tuple(word, fc.option(word, { nil: undefined })), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join("&").replace(/#/g, "%23"));
const pairs = fc.array(fc.tuple(word, word), { maxLength: 4 });
const bodyKind = fc.constantFrom("none", "params", "string", "json");

interface Case {
  method: "GET" | "POST";
  query: string;
  body: [string, string][];
  kind: "none" | "params" | "string" | "json";
}
const cases = fc.record({ method: fc.constantFrom("GET" as const, "POST" as const), query: rawQuery, body: pairs, kind: bodyKind }).map((c): Case => (c.method === "GET" ? { ...c, kind: "none" } : c));

function build(c: Case, path = "/api/v4/media/"): { url: string; init: RequestInit } {
  const url = `${emulator.url}${path}${c.query ? `?${c.query}` : ""}`;
  const init: RequestInit = { method: c.method };
  if (c.kind === "params") init.body = new URLSearchParams(c.body);
  else if (c.kind === "string") {
    init.body = c.body.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    init.headers = { "content-type": "application/x-www-form-urlencoded" };
  } else if (c.kind === "json") {
    init.body = JSON.stringify(Object.fromEntries(c.body));
    init.headers = { "content-type": "application/json" };
  }
  return { url, init };
}

// What authFetch passes to authorize() for this request.
function authRequest(c: Case, url: string, init: RequestInit) {
  const r: { method: string; url: string; body?: URLSearchParams | string; contentType?: string } = { method: c.method, url };
  if (c.kind === "params") {
    r.body = init.body as URLSearchParams;
    r.contentType = "application/x-www-form-urlencoded;charset=UTF-8";
  } else if (c.kind === "string") {
    r.body = init.body as string;
    r.contentType = "application/x-www-form-urlencoded";
  } else if (c.kind === "json") r.contentType = "application/json";
  return r;
}

async function send(url: string, init: RequestInit, authorization: string): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", authorization);
  return fetch(url, { ...init, headers });
}

describe("client signature vs independent verifier (property)", () => {
  it("accepts what the client signs", async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const { url, init } = build(c);
        const res = await auth.fetch(url, init);
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${res.status} for ${url}\n${text}`);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects a tampered method, path, query, body or token", async () => {
    const tamper = fc.constantFrom("method", "path", "query", "body", "token", "timestamp");
    await fc.assert(
      fc.asyncProperty(cases, tamper, fc.boolean(), async (c, what, useOtherToken) => {
        if (what === "body" && c.kind !== "params" && c.kind !== "string") c = { ...c, method: "POST", kind: "params" };
        const { url, init } = build(c);
        const signed = await auth.sign(authRequest(c, url, init));
        let sendUrl = url;
        let sendInit: RequestInit = init;
        let authorization = signed.authorization;
        switch (what) {
          case "method":
            sendInit = { ...init, method: c.method === "GET" ? "POST" : "GET" };
            if (sendInit.method === "GET") sendInit = { method: "GET" };
            break;
          case "path":
            sendUrl = build(c, "/api/v4/media/0001/").url;
            break;
          case "query":
            sendUrl = `${url}${url.includes("?") ? "&" : "?"}tampered=1`;
            break;
          case "body": {
            const extra = new URLSearchParams(c.kind === "params" ? (init.body as URLSearchParams) : (init.body as string));
            extra.append("tampered", "1");
            sendInit = { ...init, body: c.kind === "params" ? extra : extra.toString() };
            break;
          }
          case "token":
            // Another valid token's key, or a token secret that is not this token's.
            authorization = useOtherToken
              ? authorization.replace(/oauth_token="[^"]*"/, `oauth_token="${encodeURIComponent(other.key)}"`)
              : (await createBynderAuth({ baseUrl: emulator.url, consumer: emulator.consumer, token: { key: emulator.permanentToken.key, secret: "x" } }).sign(authRequest(c, url, init))).authorization;
            break;
          case "timestamp":
            authorization = authorization.replace(/oauth_timestamp="(\d+)"/, (_m, t: string) => `oauth_timestamp="${Number(t) - 1}"`);
            break;
        }
        const res = await send(sendUrl, sendInit, authorization);
        const text = await res.text();
        if (res.status !== 401) throw new Error(`tampered ${what} was accepted (${res.status}) for ${url}\n${text}`);
        expect(text).toMatch(/oauth_problem=(signature_invalid|token_rejected)/);
      }),
      { numRuns: 200 },
    );
  });
});
