import { inspect } from "node:util";
import { startImagenEmulator } from "@auth/testing";
import { describe, expect, it } from "vitest";
import { createImagenAuth } from "../src/index.js";
import { titleOf } from "./helpers.js";

// Canary values: if any printed form of the client, its tokens or its errors contains one,
// a secret leaked (DESIGN.md, "Secrets").
const SECRET = "CANARY-secret-7f3a9c1e";

describe("no secret or token in printed forms", () => {
  it("secret, code, access and refresh tokens stay out of inspect, JSON, messages and stacks", async () => {
    const emu = await startImagenEmulator({ apiSecret: SECRET });
    try {
      const auth = createImagenAuth({ baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: SECRET, responseType: "code", retry: 0 });
      const page = await (await fetch(auth.authorizationUrl().url)).text();
      const code = titleOf(page);
      const token = await auth.completeAuthorization(code);
      const canaries = [SECRET, code, token.accessToken, token.refreshToken!];
      const printed: string[] = [inspect(auth, { depth: 5 }), JSON.stringify(auth), inspect(token), JSON.stringify(token), String(token)];

      // Errors along the way: a server that echoes what it got, a reused code, a wrong secret.
      emu.setFault({ kind: "status", status: 500, body: `upstream failed for ${SECRET} ${token.refreshToken}`, paths: ["/oauth/token"] });
      printed.push(await auth.getToken({ forceRefresh: true }).then(String, (e: Error) => `${e.message} ${e.stack} ${inspect(e)} ${JSON.stringify(e)}`));
      emu.setFault(null);
      printed.push(await auth.completeAuthorization(code, { responseType: "code" }).then(String, (e: Error) => `${e.message} ${e.stack} ${inspect(e)}`));
      const wrong = createImagenAuth({ baseUrl: emu.url, apiKey: emu.credentials.apiKey, apiSecret: `${SECRET}-wrong`, responseType: "code", retry: 0 });
      const code2 = titleOf(await (await fetch(wrong.authorizationUrl().url)).text());
      printed.push(await wrong.completeAuthorization(code2).then(String, (e: Error) => `${e.message} ${e.stack} ${inspect(e)}`));
      printed.push(inspect(wrong), JSON.stringify(wrong));

      for (const text of printed) for (const c of canaries) expect(text).not.toContain(c);
    } finally {
      await emu.close();
    }
  });
});
