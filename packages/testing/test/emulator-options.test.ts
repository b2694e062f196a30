// The server options every emulator factory takes (issue 13): CORS off by default in code and
// on when asked, a configurable lifetime, and the parsers of the command's outside input.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseDuration } from "../src/bin-args.js";
import { parseCorsOrigin, requestedHeaderNames } from "../src/cors.js";
import { parseEmulatorArgs, startBynderEmulator, startConfigApiEmulator, startImagenEmulator, startMetapackEmulator, startOAuth2Emulator, startServer } from "../src/index.js";

const factories = {
  metapack: (o: object) => startMetapackEmulator(o),
  configapi: (o: object) => startConfigApiEmulator(o),
  imagen: (o: object) => startImagenEmulator(o),
  bynder: (o: object) => startBynderEmulator(o),
  oauth2: (o: object) => startOAuth2Emulator(o),
};
const preflight = (url: string) => fetch(url, { method: "OPTIONS", headers: { origin: "http://localhost:5173", "access-control-request-method": "GET" } });

describe.each(Object.entries(factories))("%s emulator", (_name, startEmulator) => {
  test("no CORS by default in code: a preflight is not answered and responses carry no Allow-Origin", async () => {
    const e = await startEmulator({});
    try {
      const p = await preflight(`${e.url}/nowhere`);
      expect(p.status).toBe(404);
      expect(p.headers.get("access-control-allow-origin")).toBeNull();
      expect(e.requests.count()).toBe(1); // an ordinary request, logged
    } finally {
      await e.close();
    }
  });

  test("cors: true answers preflights (not logged) and marks every response", async () => {
    const e = await startEmulator({ cors: true });
    try {
      const p = await preflight(`${e.url}/nowhere`);
      expect(p.status).toBe(204);
      expect(p.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
      expect(e.requests.count()).toBe(0);
      const r = await fetch(`${e.url}/nowhere`);
      expect(r.headers.get("access-control-allow-origin")).toBe("*");
    } finally {
      await e.close();
    }
  });

  test("maxLifetimeMs: the emulator stops by itself", async () => {
    const e = await startEmulator({ maxLifetimeMs: 150 });
    expect((await fetch(`${e.url}/nowhere`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 400));
    await expect(fetch(`${e.url}/nowhere`)).rejects.toThrow(TypeError);
  });
});

test("startServer: Infinity runs until close(); a lifetime setTimeout cannot hold is refused", async () => {
  const s = await startServer(() => {}, { maxLifetimeMs: Number.POSITIVE_INFINITY });
  expect((await fetch(s.url)).status).toBe(404);
  await s.close();
  await expect(startServer(() => {}, { maxLifetimeMs: 30 * 86_400_000 })).rejects.toThrow(RangeError);
  await expect(startServer(() => {}, { maxLifetimeMs: 0 })).rejects.toThrow(RangeError);
});

describe("parsers of the command's input", () => {
  test("parseDuration: units, bare seconds, bounds", () => {
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("2d")).toBe(172_800_000);
    for (const bad of ["", "h", "1.5h", "-1s", "1 h", "0s", "25d", "1hh", "1toString", "1__proto__"]) expect(() => parseDuration(bad)).toThrow(/--lifetime/);
  });

  test("parseDuration (property): any text either parses to 1 ms .. 24.8 days or throws a usage error", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          const ms = parseDuration(text);
          return Number.isInteger(ms) && ms > 0 && ms <= 2_147_483_647;
        } catch (error) {
          return (error as Error).name === "UsageError";
        }
      }),
    );
  });

  test("requestedHeaderNames (property): only RFC 9110 tokens come back, lower case; anything else is refused as a whole", () => {
    expect(requestedHeaderNames("Authorization, X-Trace-Id,,")).toEqual(["authorization", "x-trace-id"]);
    expect(requestedHeaderNames("a\r\nb")).toBeUndefined();
    expect(requestedHeaderNames("x".repeat(2000))).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const names = requestedHeaderNames(text);
        return names === undefined || names.every((n) => n.length > 0 && n === n.toLowerCase() && !/[\s,:;"()<>@[\]{}\\/?=\u0000-\u001f\u007f-\uffff]/.test(n));
      }),
    );
  });

  test("parseCorsOrigin: * or scheme://host[:port]", () => {
    expect(parseCorsOrigin("*")).toBe("*");
    expect(parseCorsOrigin("http://localhost:5173")).toBe("http://localhost:5173");
    expect(parseCorsOrigin("https://app.example.com")).toBe("https://app.example.com");
    for (const bad of ["localhost:5173", "http://localhost:5173/", "http://a.b/c", "null", "file:///x", "http://LOCALHOST"]) expect(() => parseCorsOrigin(bad)).toThrow(TypeError);
  });

  test("parseEmulatorArgs: --cors alone is any origin; defaults", () => {
    expect(parseEmulatorArgs(["metapack"])).toEqual({ provider: "metapack", port: 0, lifetimeMs: undefined, tokenLifetimeSeconds: undefined, cors: "*" });
    expect(parseEmulatorArgs(["bynder", "--cors", "--port", "8080", "--lifetime", "1h", "--token-lifetime", "60"])).toEqual({
      provider: "bynder",
      port: 8080,
      lifetimeMs: 3_600_000,
      tokenLifetimeSeconds: 60,
      cors: "*",
    });
    expect(parseEmulatorArgs(["imagen", "--no-cors"])).toMatchObject({ cors: false });
    expect(parseEmulatorArgs(["-h"])).toBe("help");
  });
});
