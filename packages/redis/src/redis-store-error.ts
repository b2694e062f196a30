import { AuthError } from "@auth/core";

/** What to do about a Redis failure, unless the throwing site knows better. */
const DEFAULT_HINT =
  "Check that Redis is reachable and answering (address, password, TLS, load). Meanwhile the token cache fetches tokens in each process, so requests go on.";

/**
 * A Redis command failed or timed out (code `store`). The token cache treats it as "store
 * unavailable": it logs once and fetches tokens locally until Redis answers again, so users
 * meet it only from the store's own methods (and from `clear()`, as its `cause`).
 */
export class RedisStoreError extends AuthError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super("store", message, { hint: options.hint ?? DEFAULT_HINT, cause: options.cause });
  }
}
