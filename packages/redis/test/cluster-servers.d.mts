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
  close(): Promise<void>;
}
export interface RedisSentinelSet {
  readonly name: string;
  readonly primaryPort: number;
  readonly replicaPort: number;
  readonly nodes: Record<number, ServerProcess>;
  readonly sentinels: ServerProcess[];
  readonly sentinelRootNodes: { host: string; port: number }[];
  masterPort(): Promise<number>;
  failover(): Promise<{ from: number; to: number }>;
  close(): Promise<void>;
}
export function available(bin?: string): boolean;
export function cli(port: number, ...args: string[]): Promise<string>;
export function freePortPair(): Promise<number>;
export function startRedisCluster(options?: { primaries?: number }): Promise<RedisCluster>;
export function startRedisSentinel(options?: { name?: string }): Promise<RedisSentinelSet>;
