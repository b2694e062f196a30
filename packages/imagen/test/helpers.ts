import { createServer } from "node:net";

/** The `<title>` of an HTML page (what the out-of-band page puts in the title bar). */
export function titleOf(html: string): string {
  const m = /<title>([^<]*)<\/title>/.exec(html);
  if (!m) throw new Error("no <title> in page");
  return decodeHtml(m[1]!);
}

/** The text of the element with the given id. */
export function textOf(html: string, id: string): string {
  const m = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  if (!m) throw new Error(`no #${id} in page`);
  return decodeHtml(m[1]!);
}

/** The text a browser shows for the element with the given id (tags dropped, references decoded): what a user copies. */
export function shownText(html: string, id: string): string {
  const m = new RegExp(`<(\\w+) id="${id}"[^>]*>(.*?)</\\1>`).exec(html);
  if (!m) throw new Error(`no #${id} in page`);
  return decodeHtml(m[2]!.replace(/<[^>]+>/g, ""));
}

const decodeHtml = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&");

/** Follow the authorization redirect the way a browser would, without JavaScript: for the
 * implicit grant do what the listener's page script does (post `location.hash` back). */
export async function followLikeBrowser(url: string): Promise<void> {
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (!location) throw new Error(`authorize answered ${res.status} without a redirect: ${await res.text()}`);
  const target = new URL(location);
  const fragment = target.hash.slice(1);
  target.hash = "";
  const page = await fetch(target);
  const html = await page.text();
  if (fragment) {
    if (!html.includes("location.hash")) throw new Error("the listener did not serve the fragment page");
    await fetch(`${target.origin}${target.pathname}?__fragment=1`, { method: "POST", body: fragment, headers: { "content-type": "text/plain" } });
  }
}

/** Whether this process may listen on 127.0.0.1:`port` (port 80 needs privileges). */
export function canBind(port: number): Promise<{ ok: boolean; reason?: string }> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", (e: NodeJS.ErrnoException) => resolve({ ok: false, reason: e.code ?? String(e) }));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve({ ok: true })));
  });
}
