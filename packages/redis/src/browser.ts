/**
 * What a browser or worker bundle of `@auth/redis` gets (the `browser` and `worker` export
 * conditions): the same names, and a clear error when a store is created. A Redis store opens
 * TCP connections, which only Node, Bun and Deno can do; a bundle for a browser or an edge
 * worker would otherwise fail deep inside node-redis with a missing `net` module.
 */
import { ConfigurationError } from "@auth/core";
import type { RedisTokenStore, RedisTokenStoreOptions } from "./redis-token-store.js";

export type { MessageListener, RedisClientLike, RedisClusterLike, RedisSentinelLike, RedisSubscriberLike } from "./redis-client.js";
export type { RedisTopology } from "./redis-connection.js";
export { RedisStoreError } from "./redis-store-error.js";
export type { RedisTokenStore, RedisTokenStoreOptions } from "./redis-token-store.js";
export { keyId as encryptionKeyId } from "./token-codec.js";
export { type TokenKeyParts, tokenKey } from "./token-key.js";

const unavailable = () =>
  new ConfigurationError("@auth/redis runs on Node, Bun and Deno (it opens TCP connections to Redis); this build of it was bundled for a browser or a worker.", {
    hint: "Keep the Redis token store on the server. In a browser or worker, use the default memory store, or get tokens from your server.",
  });

/** Not available in a browser or worker: throws a {@link ConfigurationError} that says so. */
export function createRedisTokenStore(_options: RedisTokenStoreOptions): RedisTokenStore {
  throw unavailable();
}
