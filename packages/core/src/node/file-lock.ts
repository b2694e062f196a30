import lockfile from "proper-lockfile";
import { type Logger, silentLogger } from "../clock.js";
import { AuthError } from "../errors.js";

/** How {@link withFileLock} waits for and holds a cross-process lock. */
export interface FileLockOptions {
  /**
   * A lock whose holder stopped refreshing it for this long is taken over (its process
   * died or hung). proper-lockfile refreshes a held lock's mtime every `staleMs / 2`.
   * Default 10 000 ms.
   */
  staleMs?: number;
  /** Give up waiting for the lock after this long. Default 20 000 ms (longer than `staleMs`, so a dead holder is always outlived). */
  waitMs?: number;
  logger?: Logger;
}

/** Defaults, exported for the README's Security section and tests. */
export const FILE_LOCK_DEFAULTS = { staleMs: 10_000, waitMs: 20_000, firstRetryMs: 5, maxRetryMs: 250 } as const;

/**
 * Take a cross-process lock on `path`: a `lockPath` directory created atomically with `mkdir`
 * by `proper-lockfile` (works on local and network file systems, where `O_EXCL` is not
 * reliable), its mtime refreshed every `staleMs / 2` while held. The guarded file need not
 * exist (`realpath: false`). Waiting retries with capped exponential backoff and full jitter
 * until `waitMs` has passed (then an {@link AuthError} with code `store`); a stale lock (holder
 * dead) is taken over after `staleMs`. Resolves with the function that releases it.
 *
 * @see https://github.com/moxystudio/node-proper-lockfile
 */
export async function acquireFileLock(path: string, lockPath: string, options: FileLockOptions = {}): Promise<() => Promise<void>> {
  const staleMs = Math.max(options.staleMs ?? FILE_LOCK_DEFAULTS.staleMs, 2_000);
  const waitMs = options.waitMs ?? FILE_LOCK_DEFAULTS.waitMs;
  const logger = options.logger ?? silentLogger;
  const deadline = Date.now() + waitMs;
  let delay: number = FILE_LOCK_DEFAULTS.firstRetryMs;
  for (;;) {
    try {
      // Keyed by the lock path, not the guarded file: proper-lockfile keeps one entry per `file`
      // argument in a process, so two locks beside one file (the write lock and a per-key lock)
      // would overwrite each other's entry, and the first release would orphan the other's
      // lock directory and crash its mtime refresh (proper-lockfile issue #113).
      const release = await lockfile.lock(lockPath, {
        realpath: false,
        lockfilePath: lockPath,
        stale: staleMs,
        retries: 0,
        // The default throws from a timer (crashing the process) when the lock's refresh fails;
        // the write it guards is atomic anyway, so a warning is enough.
        onCompromised: () => logger.warn(`The lock on ${path} was taken over by another process while held; a concurrent update may be lost.`),
      });
      return () =>
        release().catch(() => {
          /* already released or taken over as stale: nothing left to undo */
        });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") {
        throw new AuthError("store", `Could not lock the token file ${path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`, {
          hint: "Check that its directory exists and is writable by this user.",
          cause: error,
        });
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new AuthError("store", `Another process held the lock on the token file ${path} for more than ${Math.round(waitMs / 1000)} s.`, {
          hint: `If no other auth-token process is running, remove ${lockPath} and try again.`,
        });
      }
      // Full jitter, so processes that collided do not collide again in step.
      await new Promise((r) => setTimeout(r, Math.min(left, delay * (0.5 + Math.random() / 2))));
      delay = Math.min(delay * 2, FILE_LOCK_DEFAULTS.maxRetryMs);
    }
  }
}

/** Run `op` while holding the lock of {@link acquireFileLock}; released however `op` ends. */
export async function withFileLock<T>(path: string, lockPath: string, op: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const release = await acquireFileLock(path, lockPath, options);
  try {
    return await op();
  } finally {
    await release();
  }
}
