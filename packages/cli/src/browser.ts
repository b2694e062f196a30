import type { Ui } from "./ui.js";

/**
 * Show the authorization URL: open the system browser unless --no-browser, and always print
 * it. Says "Opened" only when the opener exited successfully (a headless session or a failed
 * xdg-open must not be reported as an open browser).
 */
export async function presentUrl(ui: Ui, url: string, openBrowser: boolean, what: string): Promise<void> {
  let opened = false;
  if (openBrowser) {
    const { openBrowser: open } = await import("@auth/core/node");
    opened = await open(url);
    if (!opened) ui.info("Could not open a browser (the opener failed or is missing).");
  }
  ui.info(opened ? `Opened your browser to ${what}. If it did not open, visit:` : `Open this address in a browser to ${what}:`);
  ui.info(`  ${url}`);
}
