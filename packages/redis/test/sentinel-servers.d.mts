import type { ServerProcess } from "./cluster-servers.mjs";

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
export function startRedisSentinel(options?: { name?: string }): Promise<RedisSentinelSet>;
