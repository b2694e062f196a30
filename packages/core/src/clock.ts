/** Where time comes from, in epoch milliseconds. Injected so tests never sleep. */
export type Clock = () => number;

/** The real clock: `Date.now()`. */
export const systemClock: Clock = () => Date.now();

/** Anything that can take a warning: `console` fits. Defaults to silence. */
export interface Logger {
  /** Something went wrong but the call goes on (a store down, a refresh failed); no secret is in `message`. */
  warn(message: string): void;
  debug?(message: string): void;
}

/** The default logger: drops every message. Pass `console` to see the warnings. */
export const silentLogger: Logger = { warn() {} };
