import { type OAuth2Emulator, startOAuth2Emulator } from "@auth/testing";
import { HTTPError } from "ky";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectNoCanary, printedForms, rejectionOf } from "../../../test-utils/printed-forms.js";
import { type Authorizer, authFetch, createBearerAuth, createClient, requestToken } from "../src/index.js";

// Over real HTTP: the emulator's /api/echo-error answers 400 and echoes the Authorization
// header it received in its body and a response header, as careless servers do.
let emu: OAuth2Emulator;
beforeAll(async () => {
  emu = await startOAuth2Emulator();
});
afterAll(() => emu.close());

// A fixed-credential authorizer: the test knows every header value it adds.
const fixed = (headers: Record<string, string>): Authorizer => ({ authorize: async () => headers });

describe("errors from client() carry none of the request's own credentials", () => {
  test("a Bearer token echoed by the server: message, data, stack, inspect, JSON", async () => {
    const auth = createBearerAuth({
      fetchToken: () => requestToken({ url: emu.tokenUrl, params: { grant_type: "client_credentials" }, clientAuth: { method: "basic", ...emu.credentials } }),
    });
    const token = (await auth.getToken()).accessToken;
    const error = await rejectionOf(auth.client().get(emu.echoUrl).json());
    expect(error).toBeInstanceOf(HTTPError);
    const http = error as HTTPError;
    // The echo really happened (so the test can fail): the response header carries it.
    expect(http.response.headers.get("x-received-authorization")).toBe(`Bearer ${token}`);
    expect(http.response.status).toBe(400);
    expect(JSON.stringify(http.data)).toContain("[redacted]");
    expectNoCanary([...printedForms([error]), JSON.stringify(http.data), String(http.data)], [token]);
    // Still useful to code: request and options readable, just not walked by inspect.
    expect(http.request.url).toBe(emu.echoUrl);
    expect(http.options).toBeDefined();
  });

  test.each([
    ["Bearer", "Bearer Canary-BearerTok-8c1f", ["Canary-BearerTok-8c1f"]],
    ["Basic", `Basic ${Buffer.from("client-id:Canary-BasicPw-2b7e").toString("base64")}`, ["Canary-BasicPw-2b7e", Buffer.from("client-id:Canary-BasicPw-2b7e").toString("base64")]],
    ["OAuth 1.0a", 'OAuth oauth_consumer_key="ck",oauth_token="Canary-OAuthKey-5a3c",oauth_signature="Canary%2BSig%3D"', ["Canary-OAuthKey-5a3c", "Canary%2BSig%3D", "Canary+Sig="]],
  ])("%s credentials echoed in a text body are redacted", async (_scheme, header, canaries) => {
    const api = createClient(fixed({ Authorization: header }));
    const error = await rejectionOf(api.post(emu.echoUrl, { body: "x" }).text());
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).response.headers.get("x-received-authorization")).toBe(header);
    expectNoCanary([...printedForms([error]), JSON.stringify((error as HTTPError).data)], canaries);
  });

  test("a server that echoes the token in its status text: the message and stack are redacted", async () => {
    const token = "Canary-StatusTok-1e4d";
    const echoing = (async (_input: string | URL | Request, init?: RequestInit) =>
      new Response(`you sent ${new Headers(init?.headers).get("authorization")}`, { status: 403, statusText: `Forbidden for Bearer ${token}` })) as typeof fetch;
    const error = await rejectionOf(createClient(fixed({ Authorization: `Bearer ${token}` }), { fetch: echoing }).get("https://api.example.com/x"));
    expect(error).toBeInstanceOf(HTTPError);
    expect(error.message).toContain("[redacted]");
    expectNoCanary(printedForms([error]), [token]);
  });

  test("the caller's own beforeError hooks run first, and what they copy in is redacted too", async () => {
    const token = "Canary-HookTok-9f0a";
    const api = createClient(fixed({ Authorization: `Bearer ${token}` }), {
      hooks: {
        beforeError: [
          async ({ error }) => {
            if (error instanceof HTTPError) error.message += ` body=${JSON.stringify(error.data)}`;
            return error;
          },
        ],
      },
    });
    const error = await rejectionOf(api.get(emu.echoUrl));
    expect(error.message).toContain("body=");
    expectNoCanary(printedForms([error]), [token]);
  });

  test("authFetch: fetch's TypeError for a header value it cannot send does not quote the token", async () => {
    const token = "Canary-CrLfTok-3d6b\r\nX-Injected: 1";
    const error = await rejectionOf(authFetch(fixed({ Authorization: `Bearer ${token}` }))(emu.resourceUrl));
    expect(error).toBeInstanceOf(TypeError);
    expectNoCanary(printedForms([error]), ["Canary-CrLfTok-3d6b"]);
  });
});
