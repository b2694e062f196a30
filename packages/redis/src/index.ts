/**
 * `@auth/redis`: a token store on Redis shared by a fleet of processes, with cross-process
 * single flight, keys that expire with their token, invalidation by value, optional
 * encryption at rest, and fail-fast behaviour so a Redis outage never fails a request.
 */
export type { RedisClientLike, RedisSubscriberLike } from "./redis-client.js";
export { createRedisTokenStore, RedisStoreError, type RedisTokenStore, type RedisTokenStoreOptions } from "./redis-token-store.js";
export { tokenKey, type TokenKeyParts } from "./token-key.js";
