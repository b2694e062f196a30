import type { Fault } from "./faults.js";
import type { TestServer } from "./http-server.js";
import type { RequestLog } from "./request-log.js";

/**
 * The shape every emulator of this package returns: where it listens, the test credentials a
 * client needs, what it received, how to make it misbehave, and how to stop it. Each emulator
 * adds its provider's extras beside these (endpoint URLs, switches), never instead of them, so
 * a test helper or a conformance suite written against `Emulator` runs against any of them.
 *
 * ```ts
 * async function downOnce(emulator: Emulator<unknown>) {
 *   emulator.setFault({ kind: "status", status: 503, times: 1 });
 * }
 * ```
 */
export interface Emulator<Credentials, EmulatorFault extends { kind: string } = Fault> {
  /** The base URL, `http://127.0.0.1:<port>` (no trailing slash): the client's `baseUrl`. */
  readonly url: string;
  /** The credentials the emulator accepts: generated ones or the provider document's examples, never real secrets. */
  readonly credentials: Credentials;
  /** Every request received (preflights aside), to count token requests or read what was sent. */
  readonly requests: RequestLog;
  /** Make the emulator misbehave: any {@link Fault}, plus the emulator's own kinds; `null` clears. */
  setFault(fault: EmulatorFault | null): void;
  /** Stop the server and end open connections; safe to call twice. */
  close(): Promise<void>;
}

/** Handlers of an emulator's own fault kinds, one per kind. */
export type OwnFaultHandlers<Own extends { kind: string }> = { [K in Own["kind"]]: (fault: Extract<Own, { kind: K }>) => void };

/**
 * The one `setFault` of every emulator: its own kinds (`expireTokens`, `disableConsumer`…) go to
 * `handlers`, every other {@link Fault} to the server's fault layer; `null` clears the server's
 * fault and calls `onClear` (for emulator switches a fault turned on).
 */
export function routeFaults<Own extends { kind: string }>(
  server: () => TestServer,
  handlers: OwnFaultHandlers<Own>,
  onClear?: () => void,
): (fault: Fault | Own | null) => void {
  const own = handlers as unknown as Record<string, ((fault: Own) => void) | undefined>;
  return (fault) => {
    if (fault === null) {
      onClear?.();
      server().setFault(null);
      return;
    }
    const handler = Object.hasOwn(own, fault.kind) ? own[fault.kind] : undefined;
    if (handler) handler(fault as Own);
    else server().setFault(fault as Fault);
  };
}
