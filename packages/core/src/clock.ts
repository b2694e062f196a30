/** Where time comes from, in epoch milliseconds. Injected so tests never sleep. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Anything that can take a warning: `console` fits. Defaults to silence. */
export interface Logger {
  warn(message: string): void;
  debug?(message: string): void;
}

export const silentLogger: Logger = { warn() {} };
