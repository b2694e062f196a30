/**
 * Where a cache key lives in Redis. Every name that belongs to one cache key carries the same
 * `{…}` hash tag, so on a Redis Cluster they share a hash slot, hence a shard: the token, its
 * lock and the lock's wake-up channel move, fail over and migrate together, and the Lua scripts
 * (which touch one key and publish on its channel) never cross slots.
 * @see https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags
 */
export interface KeyScheme {
  /** `<prefix>token:{<key>}` */
  token(key: string): string;
  /** `<prefix>lock:{<key>}` */
  lock(key: string): string;
  /** `<prefix>lock-released:{<key>}`: the key's sharded wake-up channel (cluster). */
  shardChannel(key: string): string;
  /** `<prefix>lock-released`: one channel for every key (a single server or Sentinel). */
  readonly channel: string;
}

/**
 * The hash tag of a key: the key itself, readable. Redis takes the tag up to the first `}`; a
 * `}` inside the key only shortens the tag, identically for the token, lock and channel names.
 * Only an empty tag (a key starting with `}`) would make Redis hash each whole name apart, so
 * such keys, and keys starting with the escape character `~`, get a `~` in front: the mapping
 * stays one-to-one (no two cache keys share Redis keys) and the tag is never empty.
 */
export function hashTag(key: string): string {
  return key.startsWith("}") || key.startsWith("~") ? `~${key}` : key;
}

/** The names for `prefix` (which has no `{` or `}`: the factory checks). */
export function keyScheme(prefix: string): KeyScheme {
  return {
    token: (key) => `${prefix}token:{${hashTag(key)}}`,
    lock: (key) => `${prefix}lock:{${hashTag(key)}}`,
    shardChannel: (key) => `${prefix}lock-released:{${hashTag(key)}}`,
    channel: `${prefix}lock-released`,
  };
}
