// Shared by the providers' client-urls tests: client() resolves a URL like a browser does. An
// absolute URL is used as is; a relative one is resolved against the provider's baseUrl; with
// ky's `prefix` option an absolute URL is still used as is. Checked over real HTTP against the
// provider's @auth/testing emulator, whose `GET /api/ping` (its resourceUrl) answers `{ ok: true }`.
import { describe, expect, test } from "vitest";

/** What the check needs of an emulator (structural: this folder imports none of our packages). */
export interface PingEmulator {
  url: string;
  /** `${url}/api/ping`. */
  resourceUrl: string;
  requests: { count(path: string): number };
}

/** What the check needs of a provider's auth object. */
export interface ClientFactory {
  client(options?: { prefix?: string }): { get(url: string): { json(): Promise<unknown> } };
}

/** One test: four requests, absolute and relative, with and without `prefix`, all reach /api/ping. */
export function describeClientUrls(provider: string, setup: () => { auth: ClientFactory; emu: PingEmulator }): void {
  describe(`client() resolves URLs like a browser (${provider})`, () => {
    test("absolute used as is; relative resolved against baseUrl; with ky's prefix an absolute URL is still used as is", async () => {
      const { auth, emu } = setup();
      const before = emu.requests.count("/api/ping");
      expect(await auth.client().get(emu.resourceUrl).json()).toMatchObject({ ok: true });
      expect(await auth.client().get("api/ping").json()).toMatchObject({ ok: true });
      expect(await auth.client({ prefix: `${emu.url}/api/` }).get(emu.resourceUrl).json()).toMatchObject({ ok: true });
      expect(await auth.client({ prefix: `${emu.url}/api/` }).get("ping").json()).toMatchObject({ ok: true });
      expect(emu.requests.count("/api/ping") - before).toBe(4);
    });
  });
}
