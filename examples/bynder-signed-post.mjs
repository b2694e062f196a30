// Bynder: OAuth 1.0a (HMAC-SHA1) signed requests with a permanent token. The signature covers
// the method, the URL, the query and the form body; the emulator checks it with its own
// verifier and refuses a request signed with the wrong consumer secret.
import { createBynderAuth } from "@auth/bynder";
import { startBynderEmulator } from "@auth/testing";

const bynder = await startBynderEmulator(); // use https://company.bynder.com for real
try {
  const auth = createBynderAuth({ baseUrl: bynder.url, consumer: bynder.credentials.consumer, token: bynder.credentials.permanentToken });
  const api = auth.client(); // ky; relative URLs resolve against {baseUrl}/, absolute ones are used as they are

  const listed = await api.get("api/v4/media/", { searchParams: { type: "image", keyword: "summer sale" } }).json();
  console.log("GET with a query:", JSON.stringify(listed.query), "->", listed.media.length, "item(s)");

  const posted = await api.post("api/v4/media/?type=image", { body: new URLSearchParams({ title: "Summer sale", tags: "a+b" }) }).json();
  console.log("POST with form data:", JSON.stringify({ query: posted.query, form: posted.form }));

  const wrong = createBynderAuth({ baseUrl: bynder.url, consumer: { ...bynder.credentials.consumer, secret: "not-the-secret" }, token: bynder.credentials.permanentToken });
  const refused = await wrong.fetch(bynder.mediaUrl);
  console.log(`the same GET signed with a wrong consumer secret: HTTP ${refused.status}`);
  if (refused.status !== 401) throw new Error("expected the emulator to refuse a bad signature");
} finally {
  await bynder.close();
}
