import { createServer } from "node:net";
import { describe, expect, test } from "vitest";
import { AuthError, FlowError } from "../src/index.js";
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
