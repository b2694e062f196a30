/** The commands every provider has (`auth-token <provider> <command>`), in help order. */
export const COMMANDS = ["token", "request", "login", "logout"] as const;
export type ProviderCommand = (typeof COMMANDS)[number];
