import { createHash } from "node:crypto";
import { FINGERPRINT_LENGTH } from "./token-codec.js";

/** A Lua script run with EVALSHA, falling back to EVAL once when Redis has not cached it. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

const script = (source: string): LuaScript => ({ source, sha1: createHash("sha1").update(source).digest("hex") });

/**
 * Take the lock if free (SET NX PX with our owner value); otherwise report how long the
 * current holder's lock has left, so a waiter can sleep exactly until a dead holder's lock
 * expires. Returns -1 when taken, else the PTTL (ms) of the current lock.
 */
export const ACQUIRE = script(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return 0 end
return ttl`);

/**
 * Release only our own lock (compare-and-delete: after our TTL ran out, another process may
 * hold it now), and wake the waiters on channel ARGV[2]: `SPUBLISH` when ARGV[3] is "s" (a
 * cluster: the channel carries the lock's hash tag, so it is in this script's slot), else
 * `PUBLISH`. `pcall`: a server without sharded pub/sub (Redis 6) still releases; waiters then
 * find the free lock by polling. Returns 1 when released.
 */
export const RELEASE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if ARGV[3] == 's' then redis.pcall('SPUBLISH', ARGV[2], KEYS[1]) else redis.pcall('PUBLISH', ARGV[2], KEYS[1]) end
  return 1
end
return 0`);

/** Extend our own lock while we are alive and still fetching. Returns 1 when extended. */
export const RENEW = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);

/**
 * Invalidate by value, atomically: delete the token only if its fingerprint is one of those
 * given (one per encryption key, so a value written under an older key during a rotation is
 * found too), so a late 401 cannot drop a token another process has already refreshed.
 */
export const DELETE_IF_FINGERPRINT = script(`
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local f = string.sub(v, 1, ${FINGERPRINT_LENGTH})
for i = 1, #ARGV do
  if f == ARGV[i] then return redis.call('DEL', KEYS[1]) end
end
return 0`);
