import type { RedisConnection } from "./redis-connection.js";
import { RedisStoreError } from "./redis-store-error.js";
import type { LuaScript } from "./scripts.js";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)).unref?.());

export interface CommandRunnerOptions {
  /** Longest wait for one command (ms). */
  commandTimeoutMs: number;
  /** After a timeout, fail further commands at once for this long (ms); 0: never. */
  cooldownMs: number;
  /** How long the first command waits for the first connection (ms). */
  connectTimeoutMs: number;
  /** After `connect()` itself failed (a cluster with no reachable root node), try again after this long (ms). */
  reconnectAfterMs: number;
}

/** Every Redis command of the store goes through here: one deadline each, and a cool-down after a timeout. */
export interface CommandRunner {
  /** Run `args` (first key `key`); rejects with {@link RedisStoreError}. */
  command(args: string[], key: string): Promise<unknown>;
  /** `EVALSHA`, falling back once to `EVAL` on `NOSCRIPT` (a fresh, restarted or failed-over server). */
  evalScript(script: LuaScript, keys: [string, ...string[]], args: string[]): Promise<unknown>;
  /** Refuse further commands. */
  close(): void;
}

export function createCommandRunner(connection: RedisConnection, options: CommandRunnerOptions): CommandRunner {
  const { commandTimeoutMs, cooldownMs, connectTimeoutMs, reconnectAfterMs } = options;
  let closed = false;
  let connecting: Promise<unknown> | undefined;
  let connectFailedAt = Number.NEGATIVE_INFINITY;
  let coolUntil = 0;

  async function connected(): Promise<void> {
    if (closed) throw new RedisStoreError("The Redis token store is closed.", {
        hint: "close() is for shutdown: create a new store (createRedisTokenStore) if this process still needs one.",
      });
    // A single-server client reconnects by itself once opened (it stays "open" while
    // reconnecting). A cluster whose discovery failed is not open: try again, at most every
    // `reconnectAfterMs`, and fail at once in between.
    if (!connection.isOpen && connecting === undefined) {
      if (Date.now() - connectFailedAt < reconnectAfterMs) throw new RedisStoreError("Redis was unreachable a moment ago; not waiting on it again yet.");
      const attempt = connection.connect().catch(() => {
        connectFailedAt = Date.now();
        if (connecting === attempt) connecting = undefined;
      });
      connecting = attempt;
    }
    // Only the first connection is waited for (briefly); after that, an outage fails at once.
    if (!connection.isReady && connecting !== undefined) await Promise.race([connecting, sleep(connectTimeoutMs)]);
  }

  async function command(args: string[], key: string): Promise<unknown> {
    if (Date.now() < coolUntil) throw new RedisStoreError("Redis timed out recently; not waiting on it again yet.");
    await connected();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // node-redis' own per-command timeout covers only the time before the command is written;
    // a Redis that accepted the command and stalls would hang it. This deadline covers both.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        coolUntil = Date.now() + cooldownMs;
        reject(
          new RedisStoreError(`Redis did not answer ${args[0]} within ${commandTimeoutMs} ms.`, {
            hint: "Check Redis's load and the network to it; raise commandTimeoutMs only if Redis is healthy but slow.",
          }),
        );
      }, commandTimeoutMs);
    });
    try {
      return await Promise.race([connection.send(args, key, commandTimeoutMs), deadline]);
    } catch (error) {
      if (error instanceof RedisStoreError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new RedisStoreError(`Redis ${args[0]} failed: ${reason}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async function evalScript(script: LuaScript, keys: [string, ...string[]], args: string[]): Promise<unknown> {
    try {
      return await command(["EVALSHA", script.sha1, String(keys.length), ...keys, ...args], keys[0]);
    } catch (error) {
      // A fresh, restarted or newly promoted Redis has no script cache: send the source once (it caches it).
      if (error instanceof RedisStoreError && error.message.includes("NOSCRIPT")) {
        return command(["EVAL", script.source, String(keys.length), ...keys, ...args], keys[0]);
      }
      throw error;
    }
  }

  return {
    command,
    evalScript,
    close: () => {
      closed = true;
    },
  };
}
