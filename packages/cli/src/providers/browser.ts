import type { Ui } from "../ui.js";

/**
 * Show the authorization URL: open the system browser unless --no-browser, and always print
 * it (a headless session or a failed opener must not leave the user stuck).
 */
export async function presentUrl(ui: Ui, url: string, openBrowser: boolean, what: string): Promise<void> {
  let opened = false;
  if (openBrowser) {
    const { openBrowser: open } = await import("@auth/core/node");
    opened = await open(url);
  }
  ui.info(opened ? `Opened your browser to ${what}. If it did not open, visit:` : `Open this address in a browser to ${what}:`);
  ui.info(`  ${url}`);
}
