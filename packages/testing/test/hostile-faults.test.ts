import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { pathologicalChallenge, pathologicalHtml, startServer, type TestServer } from "../src/index.js";

// The hostile server's behaviour on the wire, seen by a plain fetch (no client under test).
let s: TestServer;
beforeAll(async () => {
  s = await startServer((ctx) => ctx.json(200, { ok: true }));
});
afterAll(() => s.close());
afterEach(() => s.setFault(null));

describe("hostile faults on the wire", () => {
  test("redirect and downgradeRedirect send the status and Location asked for", async () => {
    s.setFault({ kind: "redirect", status: 308, location: "https://other.example/x" });
    const r = await fetch(`${s.url}/t`, { method: "POST", redirect: "manual" });
    expect([r.status, r.headers.get("location")]).toEqual([308, "https://other.example/x"]);
    s.setFault({ kind: "downgradeRedirect", host: "plain.example:8080" });
    const d = await fetch(`${s.url}/oauth/token?a=1`, { redirect: "manual" });
    expect([d.status, d.headers.get("location")]).toEqual([308, "http://plain.example:8080/oauth/token?a=1"]);
  });

  test("endlessBody: headers arrive, the body never ends", async () => {
    s.setFault({ kind: "endlessBody" });
    const r = await fetch(`${s.url}/t`, { signal: AbortSignal.timeout(300) });
    expect(r.status).toBe(200);
    await expect(r.text()).rejects.toMatchObject({ name: "TimeoutError" });
  });

  test("slowBody trickles: after 300 ms only a few bytes have come", async () => {
    s.setFault({ kind: "slowBody", intervalMs: 20, bytesPerTick: 1 });
    const r = await fetch(`${s.url}/t`);
    const reader = r.body!.getReader();
    let got = 0;
    const until = Date.now() + 300;
    while (Date.now() < until) {
      const c = await reader.read();
      if (c.done) break;
      got += c.value.byteLength;
    }
    await reader.cancel();
    expect(got).toBeGreaterThan(3);
    expect(got).toBeLessThan(100);
  });

  test("hugeBody streams the size asked for, with or without Content-Length", async () => {
    s.setFault({ kind: "hugeBody", bytes: 300_000, declareLength: true });
    const declared = await fetch(`${s.url}/t`);
    expect(declared.headers.get("content-length")).toBe("300000");
    await declared.body?.cancel();
    s.setFault({ kind: "hugeBody", bytes: 300_000 });
    const chunked = await fetch(`${s.url}/t`);
    expect(chunked.headers.get("content-length")).toBeNull();
    // The body starts like a token response, then 300 000 bytes of padding.
    expect((await chunked.arrayBuffer()).byteLength).toBe(300_000 + '{"access_token":"hostile-'.length);
  });

  test("resetMidBody: part of the body, then undici's TypeError: terminated", async () => {
    s.setFault({ kind: "resetMidBody", afterBytes: 10 });
    const r = await fetch(`${s.url}/t`);
    expect(r.status).toBe(200);
    await expect(r.text()).rejects.toThrow("terminated");
  });

  test("headerInjectionToken: the JSON decodes to a token holding CR LF and NUL", async () => {
    s.setFault({ kind: "headerInjectionToken" });
    const body = (await (await fetch(`${s.url}/t`)).json()) as { access_token: string };
    expect(body.access_token).toContain("\r\n");
    expect(body.access_token).toContain("\u0000");
  });

  test("pathological pages and challenges have the size asked for and the shapes that hurt regexes", async () => {
    expect(pathologicalHtml(100_000)).toHaveLength(100_000);
    expect(pathologicalHtml(100_000)).toContain("<".repeat(64));
    expect(pathologicalChallenge(4_000).length).toBeLessThanOrEqual(4_000);
    s.setFault({ kind: "pathologicalWwwAuthenticate" });
    const r = await fetch(`${s.url}/t`);
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toMatch(/^Bearer realm="api", error="insufficient_scope", (a=b, )+scope="(\\")+/);
    s.setFault({ kind: "pathologicalHtml", status: 503 });
    const h = await fetch(`${s.url}/t`);
    expect([h.status, h.headers.get("content-type"), (await h.text()).length]).toEqual([503, "text/html; charset=utf-8", 512 * 1024]);
  });

  test("faults honour paths and times like the others", async () => {
    s.setFault({ kind: "redirect", location: "https://x.example/", paths: ["/a"], times: 1 });
    expect((await fetch(`${s.url}/b`, { redirect: "manual" })).status).toBe(200);
    expect((await fetch(`${s.url}/a`, { redirect: "manual" })).status).toBe(307);
    expect((await fetch(`${s.url}/a`, { redirect: "manual" })).status).toBe(200);
  });
});
