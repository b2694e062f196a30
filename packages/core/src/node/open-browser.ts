import { spawn } from "node:child_process";

/** How long an opener may run before we take it as launched (some xdg-open backends wait for the browser). */
const SETTLE_MS = 3_000;

/** `cmd /c start "" "<url>"` with the URL quoted, so `&` and `^` in the query reach the browser. */
export function windowsArgs(url: string): string[] {
  // A `"` cannot be escaped inside a cmd quoted string; in a URL it is %22 anyway.
  return ["/d", "/s", "/c", `start "" "${url.split('"').join("%22")}"`];
}

/**
 * Open `url` in the user's browser (xdg-open, open, or start). Resolves true only when the
 * opener exited 0 (or is still running after a few seconds, as some xdg-open backends wait
 * for the browser); false when it could not be started or exited non-zero (xdg-open exits 3
 * when it finds no browser), so the caller can say so and print the URL.
 */
export function openBrowser(url: string): Promise<boolean> {
  const win = process.platform === "win32";
  const [cmd, args] = process.platform === "darwin" ? ["open", [url]] : win ? ["cmd", windowsArgs(url)] : ["xdg-open", [url]];
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let child: ReturnType<typeof spawn> | undefined;
    try {
      child = spawn(cmd, args as string[], { stdio: "ignore", detached: true, ...(win ? { windowsVerbatimArguments: true } : {}) });
      child.once("error", () => done(false));
      child.once("exit", (code) => done(code === 0));
      // Counted from the start of the process, not of the call: a loaded machine is slow to spawn.
      child.once("spawn", () => {
        timer = setTimeout(() => {
          child?.unref();
          done(true);
        }, SETTLE_MS);
        timer.unref();
      });
    } catch {
      done(false);
    }
  });
}
