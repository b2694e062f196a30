import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import { AuthError, FlowError } from "../src/index.js";
import { longTimeout, MAX_TIMER_MS } from "../src/node/long-timeout.js";
import { listenForRedirect } from "../src/node.js";

const refused = async (url: string) => {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
};

describe("listenForRedirect", () => {
  test("binds 127.0.0.1 on a free port, resolves with the parsed redirect, answers a short page, then closes", async () => {
    const l = await listenForRedirect({ timeoutMs: 5000 });
    expect(l.redirectUri).toBe(`http://127.0.0.1:${l.port}/callback`);
    const res = await fetch(`${l.redirectUri}?code=the-code&state=st`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/Login complete/);
    expect(html).not.toContain("the-code");
    await expect(l.result).resolves.toMatchObject({ code: "the-code", state: "st", source: "query" });
    await new Promise((r) => setTimeout(r, 80));
    expect(await refused(l.redirectUri)).toBe(true);
  });

  test("listens on loopback only: not reachable through another local address", async () => {
    const { networkInterfaces } = await import("node:os");
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    const l = await listenForRedirect({ timeoutMs: 5000 });
    try {
      if (other) expect(await refused(`http://${other}:${l.port}/callback?code=x`)).toBe(true);
      // And the address it bound is 127.0.0.1 whatever the machine has.
      expect(l.redirectUri.startsWith("http://127.0.0.1:")).toBe(true);
    } finally {
      await l.close();
    }
    await expect(l.result).rejects.toThrow(FlowError);
  });

  test("refuses a non-loopback host", async () => {
    // @ts-expect-error the type allows loopback hosts only
    await expect(listenForRedirect({ timeoutMs: 1000, host: "0.0.0.0" })).rejects.toMatchObject({ code: "configuration" });
  });

  test("one-shot: later requests get 404 and do not change the result", async () => {
    const l = await listenForRedirect({ timeoutMs: 5000, path: "/cb" });
    const first = fetch(`${l.redirectUri}?code=one`);
    const wrongPath = await fetch(`http://127.0.0.1:${l.port}/other?code=x`).catch(() => undefined);
    expect(wrongPath?.status).toBe(404);
    await first;
    await expect(l.result).resolves.toMatchObject({ code: "one" });
  });

  test("a visit without parameters does not end the wait", async () => {
    const l = await listenForRedirect({ timeoutMs: 5000 });
    expect((await fetch(l.redirectUri)).status).toBe(400);
    await fetch(`${l.redirectUri}?code=later`);
    await expect(l.result).resolves.toMatchObject({ code: "later" });
  });

  test("an error redirect rejects with a FlowError and shows a failure page", async () => {
    const l = await listenForRedirect({ timeoutMs: 5000 });
    const res = await fetch(`${l.redirectUri}?error=access_denied&state=s`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Login failed/);
    await expect(l.result).rejects.toMatchObject({ code: "flow", error: "access_denied" });
    await new Promise((r) => setTimeout(r, 80));
    expect(await refused(l.redirectUri)).toBe(true); // closed on failure too
  });

  test("a fixed port is used as given (a provider that registers an exact redirect URI)", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const l = await listenForRedirect({ timeoutMs: 5000, port, path: "/" });
    expect([l.port, l.redirectUri]).toEqual([port, `http://127.0.0.1:${port}`]);
    await fetch(`http://127.0.0.1:${port}/any/path?code=c`);
    await expect(l.result).resolves.toMatchObject({ code: "c" });
  });

  test("times out with a FlowError and closes", async () => {
    const t0 = performance.now();
    const l = await listenForRedirect({ timeoutMs: 60 });
    await expect(l.result).rejects.toThrow(/No redirect arrived/);
    expect(performance.now() - t0).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 80));
    expect(await refused(l.redirectUri)).toBe(true);
  });

  test("abort rejects with the signal's reason and closes; an aborted signal refuses to start", async () => {
    const ac = new AbortController();
    const l = await listenForRedirect({ timeoutMs: 5000, signal: ac.signal });
    ac.abort(new Error("user pressed Ctrl-C"));
    await expect(l.result).rejects.toThrow("user pressed Ctrl-C");
    await new Promise((r) => setTimeout(r, 80));
    expect(await refused(l.redirectUri)).toBe(true);
    await expect(listenForRedirect({ timeoutMs: 5000, signal: AbortSignal.abort() })).rejects.toBeDefined();
  });

  test("a fixed port that is taken is an AuthError with a hint", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const e = await listenForRedirect({ timeoutMs: 1000, port }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AuthError);
      expect((e as AuthError).hint).toMatch(/in use/);
    } finally {
      blocker.close();
    }
  });

  test("fragment mode: serves a page that posts location.hash back, and the POST completes the flow", async () => {
    const l = await listenForRedirect({ timeoutMs: 5000, fragment: true });
    const page = await fetch(l.redirectUri);
    const html = await page.text();
    expect(html).toContain("location.hash");
    expect(html).toContain("__fragment=1");
    // What the page's script does: POST the fragment to the same path.
    const empty = await fetch(`${l.redirectUri}?__fragment=1`, { method: "POST", body: "" });
    expect(empty.status).toBe(400); // an empty fragment is not the answer; keep waiting
    const res = await fetch(`${l.redirectUri}?__fragment=1`, { method: "POST", headers: { "content-type": "text/plain" }, body: "access_token=tk&token_type=bearer&state=s&expires_in=60" });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Login complete/);
    await expect(l.result).resolves.toMatchObject({ accessToken: "tk", tokenType: "bearer", state: "s", expiresIn: "60", source: "fragment" });
  });

  test("fragment mode still takes an error in the query", async () => {
    const l = await listenForRedirect({ timeoutMs: 5000, fragment: true });
    await fetch(`${l.redirectUri}?error=server_error`);
    await expect(l.result).rejects.toMatchObject({ error: "server_error" });
  });

  test("other methods are refused", async () => {
    const l = await listenForRedirect({ timeoutMs: 5000 });
    expect((await fetch(`${l.redirectUri}?code=x`, { method: "DELETE" })).status).toBe(405);
    await l.close();
    await expect(l.result).rejects.toThrow(/closed/);
  });
});

/** One raw HTTP request (fetch will not send some browser headers, or HEAD bodies, as a browser does). */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

const settled = async (p: Promise<unknown>) => {
  let state = "pending";
  p.then(
    () => (state = "resolved"),
    () => (state = "rejected"),
  );
  await new Promise((r) => setTimeout(r, 30));
  return state;
};

describe("listenForRedirect with expectedState: hostile requests are ignored (RFC 8252 §8.9, RFC 9700 §4.7)", () => {
  const STATE = "the-real-state-0123456789";

  test("forged error without state, wrong state, repeated state, favicon, HEAD, prefetch: each ignored; then the real redirect succeeds", async () => {
    const l = await listenForRedirect({ timeoutMs: 10_000, expectedState: STATE });
    const u = l.redirectUri;
    const forged = await send(`${u}?error=access_denied`);
    expect(forged.status).toBe(400);
    expect(forged.text).toMatch(/Not this login/);
    expect(forged.text).not.toContain("access_denied");
    expect((await send(`${u}?error=access_denied&state=guess`)).status).toBe(400);
    expect((await send(`${u}?code=evil&state=wrong`)).status).toBe(400);
    expect((await send(`${u}?code=evil&state=${STATE}&state=other`)).status).toBe(400);
    expect((await send(`${u}?code=evil`)).status).toBe(400);
    expect((await send(`http://127.0.0.1:${l.port}/favicon.ico`)).status).toBe(404);
    expect((await send(`${u}?code=c&state=${STATE}`, { method: "HEAD" })).status).toBe(405);
    expect((await send(`${u}?code=c&state=${STATE}`, { headers: { "sec-purpose": "prefetch;prerender" } })).status).toBe(503);
    expect((await send(`${u}?code=c&state=${STATE}`, { headers: { purpose: "prefetch" } })).status).toBe(503);
    expect(await settled(l.result)).toBe("pending");
    const real = await send(`${u}?code=the-code&state=${STATE}`);
    expect(real.status).toBe(200);
    await expect(l.result).resolves.toMatchObject({ code: "the-code", state: STATE });
  });

  test("an error redirect with the right state ends the login with a FlowError", async () => {
    const l = await listenForRedirect({ timeoutMs: 10_000, expectedState: STATE });
    await send(`${l.redirectUri}?error=access_denied&state=${STATE}`);
    await expect(l.result).rejects.toMatchObject({ name: "FlowError", error: "access_denied" });
  });

  test("a state function: nothing is accepted before the login has a state", async () => {
    let state: string | undefined;
    const l = await listenForRedirect({ timeoutMs: 10_000, expectedState: () => state });
    expect((await send(`${l.redirectUri}?code=early&state=x`)).status).toBe(400);
    state = "made-later";
    expect((await send(`${l.redirectUri}?code=early&state=x`)).status).toBe(400);
    expect((await send(`${l.redirectUri}?code=ok&state=made-later`)).status).toBe(200);
    await expect(l.result).resolves.toMatchObject({ code: "ok" });
  });

  test("fragment POST: cross-origin (Origin or Sec-Fetch-Site) refused, wrong state ignored, then the same-origin post succeeds", async () => {
    const l = await listenForRedirect({ timeoutMs: 10_000, expectedState: STATE, fragment: true });
    const post = (body: string, headers: Record<string, string> = {}) => send(`${l.redirectUri}?__fragment=1`, { method: "POST", headers: { "content-type": "text/plain", ...headers }, body });
    const good = `access_token=tk&token_type=bearer&state=${STATE}`;
    expect((await post(good, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(good, { origin: "null" })).status).toBe(403);
    expect((await post(good, { origin: `http://127.0.0.1:${l.port + 1}` })).status).toBe(403);
    expect((await post(good, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post("error=access_denied", { origin: `http://127.0.0.1:${l.port}` })).status).toBe(400);
    expect((await post("access_token=evil&state=nope")).status).toBe(400);
    expect(await settled(l.result)).toBe("pending");
    const ok = await post(good, { origin: `http://localhost:${l.port}`, "sec-fetch-site": "same-origin" });
    expect(ok.status).toBe(200);
    await expect(l.result).resolves.toMatchObject({ accessToken: "tk", state: STATE, source: "fragment" });
  });

  test("a fragment POST over 64 KiB is refused at once, and the login goes on", async () => {
    const l = await listenForRedirect({ timeoutMs: 10_000, expectedState: STATE, fragment: true });
    const t0 = performance.now();
    // The body that cost seconds with the old regex scan: long runs of `a=` pairs.
    const huge = await send(`${l.redirectUri}?__fragment=1`, { method: "POST", body: "a=&".repeat(40_000) });
    expect(huge.status).toBe(413);
    const chunked = await new Promise<number>((resolve, reject) => {
      // No Content-Length: the bound applies to the bytes received too.
      const req = httpRequest(`${l.redirectUri}?__fragment=1`, { method: "POST", headers: { "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 20; i++) req.write("a=".repeat(8_192));
      req.end();
    });
    expect(chunked).toBe(413);
    // Just under the bound, with the state: parsed linearly, fast.
    const big = `access_token=tk&state=${STATE}&${"a=&".repeat(21_000)}`;
    expect(big.length).toBeLessThan(64 * 1024);
    expect((await send(`${l.redirectUri}?__fragment=1`, { method: "POST", body: big })).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(2_000);
    await expect(l.result).resolves.toMatchObject({ accessToken: "tk" });
  });

  test("a timeout of 3 000 000 ms or 2^31 ms and more does not fire at once, and warns nothing", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      for (const timeoutMs of [3_000_000, 2 ** 31, 3_000_000_000, Number.POSITIVE_INFINITY]) {
        const l = await listenForRedirect({ timeoutMs, expectedState: STATE });
        await new Promise((r) => setTimeout(r, 50));
        expect(await settled(l.result)).toBe("pending");
        await send(`${l.redirectUri}?code=c&state=${STATE}`);
        await expect(l.result).resolves.toMatchObject({ code: "c" });
      }
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("TimeoutOverflowWarning");
  });

  test("a timeout that is not a positive number is a ConfigurationError", async () => {
    for (const timeoutMs of [0, -5, Number.NaN]) {
      await expect(listenForRedirect({ timeoutMs })).rejects.toMatchObject({ code: "configuration" });
    }
  });
});

describe("longTimeout", () => {
  test("waits out delays beyond setTimeout's 2^31-1 ms in chained timers, then fires once", () => {
    vi.useFakeTimers();
    try {
      let fired = 0;
      const t = longTimeout(3_000_000_000, () => fired++);
      vi.advanceTimersByTime(MAX_TIMER_MS);
      expect(fired).toBe(0);
      vi.advanceTimersByTime(3_000_000_000 - MAX_TIMER_MS - 1);
      expect(fired).toBe(0);
      vi.advanceTimersByTime(1);
      expect(fired).toBe(1);
      vi.advanceTimersByTime(10 * MAX_TIMER_MS);
      expect(fired).toBe(1);
      t.clear();
      const cleared = longTimeout(5_000_000_000, () => fired++);
      vi.advanceTimersByTime(MAX_TIMER_MS + 5);
      cleared.clear();
      vi.advanceTimersByTime(10 * MAX_TIMER_MS);
      expect(fired).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("listenForRedirect: property (hostile requests from anywhere)", () => {
  test("no query, fragment body or header set without the expected state ends the login; the real redirect still does", async () => {
    const STATE = "prop-state-7f1c";
    const l = await listenForRedirect({ timeoutMs: 60_000, expectedState: STATE, fragment: true });
    const hostileParams = fc.oneof(
      fc.string(),
      fc.webQueryParameters(),
      fc.dictionary(fc.constantFrom("code", "error", "state", "access_token", "error_description", "__proto__"), fc.string()).map((d) => new URLSearchParams(d).toString()),
    );
    await fc.assert(
      fc.asyncProperty(hostileParams, fc.boolean(), fc.constantFrom("", "https://evil.example", "null"), async (params, asPost, origin) => {
        fc.pre(!new URLSearchParams(params).getAll("state").includes(STATE));
        const headers: Record<string, string> = origin ? { origin } : {};
        const r = asPost
          ? await send(`${l.redirectUri}?__fragment=1`, { method: "POST", headers: { "content-type": "text/plain", ...headers }, body: params })
          : await send(`${l.redirectUri}?${encodeURI(params)}`, { headers });
        expect(r.status).toBeGreaterThanOrEqual(200);
        expect(r.status === 200 && !r.text.includes("location.hash")).toBe(false);
      }),
      { numRuns: 150 },
    );
    expect(await settled(l.result)).toBe("pending");
    expect((await send(`${l.redirectUri}?__fragment=1`, { method: "POST", body: `access_token=t&state=${STATE}` })).status).toBe(200);
    await expect(l.result).resolves.toMatchObject({ accessToken: "t" });
  }, 30_000);
});
