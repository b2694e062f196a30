// An in-house authorization-code provider on @auth/core, against a local authorization server
// (the Imagen emulator of @auth/testing: authorize endpoint, code exchange with PKCE, refresh).
// login() runs the loopback listener; here a function plays the user's browser.
import { createAuthorizationCodeAuth } from "@auth/core";
import { runLoopbackLogin } from "@auth/core/node";
import { startImagenEmulator } from "@auth/testing";

const server = await startImagenEmulator(); // any RFC 6749 server: pass its two endpoints
try {
  const auth = createAuthorizationCodeAuth({
    clientId: server.credentials.apiKey,
    clientSecret: server.credentials.apiSecret,
    authorizationEndpoint: server.authorizeUrl,
    tokenEndpoint: server.tokenUrl,
    scopes: ["readUsersData"],
    loginRunner: runLoopbackLogin, // Node: makes login() work (the main entry imports no Node code)
  });

  await auth.getToken().catch((e) => console.log(`before login: ${e.code} — ${e.message}`));

  const token = await auth.login({
    timeoutMs: 30_000,
    // Default: the system browser. The "user" approves, and the browser follows the redirect
    // back to http://127.0.0.1:PORT/callback, where the listener waits.
    openBrowser: async (url) => {
      const approved = await fetch(url, { redirect: "manual" });
      await fetch(approved.headers.get("location"));
    },
  });
  console.log(`logged in: ${token.tokenType} token, refresh token: ${token.refreshToken ? "yes" : "no"}, scopes: ${token.scopes.join(" ")}`);

  const res = await auth.fetch(`${server.apiUrl}/records`);
  console.log(`GET /api/v1/records → ${res.status}`);

  server.setFault({ kind: "expireTokens" }); // the server forgets the access token
  const renewed = await auth.getToken({ forceRefresh: true }); // RFC 6749 §6 refresh, no browser
  console.log(`refreshed: ${renewed.accessToken !== token.accessToken ? "new access token" : "same?"}`);
  if (res.status !== 200 || renewed.accessToken === token.accessToken) throw new Error("the example did not run as described");
} finally {
  await server.close();
}
