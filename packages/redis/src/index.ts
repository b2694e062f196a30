/**
 * `@auth/redis`: a token store on Redis shared by a fleet of processes, with cross-process
 * single flight, keys that expire with their token, invalidation by value, optional
 * encryption at rest (with key rotation), and fail-fast behaviour so a Redis outage never fails
 * a request; on a single server, a Redis Cluster or a Sentinel-managed primary.
 */
export type { MessageListener, RedisClientLike, RedisClusterLike, RedisSentinelLike, RedisSubscriberLike } from "./redis-client.js";
export type { RedisTopology } from "./redis-connection.js";
export { createRedisTokenStore, RedisStoreError, type RedisTokenStore, type RedisTokenStoreOptions } from "./redis-token-store.js";
export { keyId as encryptionKeyId } from "./token-codec.js";
export { type TokenKeyParts, tokenKey } from "./token-key.js";
