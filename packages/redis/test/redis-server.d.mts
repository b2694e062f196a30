export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}
export function redisServerAvailable(): boolean;
export function startRedisServer(options?: { port?: number }): Promise<RedisServer>;
