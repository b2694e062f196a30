/** A Redis command failed or timed out. The token cache treats it as "store unavailable". */
export class RedisStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedisStoreError";
  }
}
