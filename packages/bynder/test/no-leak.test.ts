import { inspect } from "node:util";
import { MemoryTokenStore } from "@auth/core";
import { startBynderEmulator } from "@auth/testing";
import { describe, expect, it } from "vitest";
import { createBynderAuth } from "../src/index.js";
import { login } from "../src/node.js";

// Canary values: if any printed form, error, hint, stack or log line contains one, it leaked.
const CONSUMER_SECRET = "CANARY-consumer-secret-7f3a";
const TOKEN_SECRET = "CANARY-token-secret-91bc";
const TOKEN_KEY = "CANARY-TOKEN-KEY-5e2d";

const printed = (v: unknown): string => {
  const parts = [String(v), inspect(v, { depth: 8, showHidden: true })];
  try {
    parts.push(JSON.stringify(v));
  } catch {
    /* circular */
  }
  if (v instanceof Error) parts.push(v.stack ?? "", (v as { hint?: string }).hint ?? "", JSON.stringify({ ...v }));
  return parts.join("\n");
};

describe("secrets never leak", () => {
  it("through errors, hints, logs, inspect and JSON", async () => {
    const emulator = await startBynderEmulator({ consumer: { key: "consumer-key", secret: CONSUMER_SECRET }, permanentToken: { key: TOKEN_KEY, secret: TOKEN_SECRET } });
    try {
      const logs: string[] = [];
      const logger = { warn: (m: string) => logs.push(m) };
      const outputs: unknown[] = [];
      const auth = createBynderAuth({ baseUrl: emulator.url, consumer: { key: "consumer-key", secret: CONSUMER_SECRET }, token: { key: TOKEN_KEY, secret: TOKEN_SECRET }, logger });
      outputs.push(auth);
      outputs.push(await auth.getToken());
      // 401s of every kind, through client() (thrown) and fetch (logged).
      emulator.setFault({ kind: "revokeTokens" });
      outputs.push(await auth.client().get("api/v4/media/").catch((e: unknown) => e));
      await auth.fetch(emulator.mediaUrl);
      emulator.setFault(null);
      const wrong = createBynderAuth({ baseUrl: emulator.url, consumer: { key: "consumer-key", secret: `${CONSUMER_SECRET}x` }, token: { key: TOKEN_KEY, secret: TOKEN_SECRET }, logger });
      outputs.push(await wrong.client().get("api/v4/media/", { searchParams: { s: TOKEN_SECRET } }).catch((e: unknown) => e));
      outputs.push(await wrong.requestToken().catch((e: unknown) => e));
      await wrong.fetch(emulator.mediaUrl);
      const skewed = createBynderAuth({ baseUrl: emulator.url, consumer: { key: "consumer-key", secret: CONSUMER_SECRET }, token: { key: TOKEN_KEY, secret: TOKEN_SECRET }, clock: () => Date.now() - 3_600_000 });
      outputs.push(await skewed.client().get("api/v4/media/").catch((e: unknown) => e));
      // A handshake: request token, access token, and an expired one.
      const store = new MemoryTokenStore();
      let now = Date.now();
      const temp = createBynderAuth({ baseUrl: emulator.url, consumer: { key: "consumer-key", secret: CONSUMER_SECRET }, store, logger, clock: () => now });
      const rt = await temp.requestToken();
      outputs.push(rt);
      await fetch(temp.authoriseUrl(rt));
      const token = await temp.accessToken(rt);
      outputs.push(token);
      outputs.push(await temp.accessToken(rt).catch((e: unknown) => e));
      now = token.expiresAt! - 1000;
      await temp.fetch(emulator.mediaUrl).catch(() => {});
      now = token.expiresAt! + 1;
      outputs.push(await temp.fetch(emulator.mediaUrl).catch((e: unknown) => e));
      outputs.push(await login(temp, { timeoutMs: 50, openBrowser: false, onAuthoriseUrl: () => {} }).catch((e: unknown) => e));

      const all = [...outputs.map(printed), ...logs].join("\n");
      expect(all.length).toBeGreaterThan(1000);
      for (const canary of [CONSUMER_SECRET, TOKEN_SECRET, TOKEN_KEY, encodeURIComponent(TOKEN_KEY), token.tokenSecret!, token.accessToken, rt.secret.reveal()]) {
        expect(all).not.toContain(canary);
      }
    } finally {
      await emulator.close();
    }
  });
});
