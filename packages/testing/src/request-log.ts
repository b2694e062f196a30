/** One request as the emulator received it. */
export interface LoggedRequest {
  method: string;
  /** Path with query, as sent. */
  url: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}

/** The request log every emulator exposes. */
export interface RequestLog {
  readonly all: readonly LoggedRequest[];
  /** How many requests hit `path` (all paths when omitted). */
  count(path?: string): number;
  /** Forget every logged request (between tests). */
  clear(): void;
}

/** A request log and the function the server records with. */
export function createRequestLog(): { log: RequestLog; record(request: LoggedRequest): void } {
  const entries: LoggedRequest[] = [];
  return {
    record: (request) => {
      entries.push(request);
    },
    log: {
      get all() {
        return entries;
      },
      count: (path) => (path === undefined ? entries.length : entries.filter((r) => r.path === path).length),
      clear: () => {
        entries.length = 0;
      },
    },
  };
}
