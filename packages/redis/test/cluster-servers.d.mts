export interface ServerProcess {
  readonly port: number;
  readonly pid: number;
  kill(): Promise<void>;
  stop(): Promise<void>;
}
export interface RedisCluster {
  readonly ports: number[];
  readonly urls: string[];
  readonly nodes: ServerProcess[];
  keySlot(key: string): Promise<number>;
  ownerOf(slot: number): Promise<number>;
  migrateSlot(slot: number, toPort: number): Promise<{ fromPort: number; toPort: number }>;
  restart(port: number, downMs?: number): Promise<void>;
  close(): Promise<void>;
}
export function available(bin?: string): boolean;
export function cli(port: number, ...args: string[]): Promise<string>;
export function freePortPair(): Promise<number>;
export function startRedisCluster(options?: { primaries?: number; lifetimeSeconds?: number }): Promise<RedisCluster>;
