import { startMetapackEmulator, startConfigApiEmulator } from "@auth/testing";
const m = await startMetapackEmulator();
const c = await startConfigApiEmulator();
console.log(JSON.stringify({ m: m.url, mc: m.credentials, c: c.url, cc: c.credentials }));
setInterval(() => {}, 1000);
