// The CLI's own errors: a message, a hint, an exit code (2 for usage) and a stable code for --json.
/** A failure with a message for the user, a hint, and an exit status. */
export class CliError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;
  /** Machine-readable, in `--json` errors: `usage`, `missing_setting`, `store`, ... */
  readonly code: string;
  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown; code?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CliError";
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
    this.code = options.code ?? (this.exitCode === 2 ? "usage" : "error");
  }
}

/** Bad command line: exit status 2. */
export class UsageError extends CliError {
  constructor(message: string, hint = "Run 'auth-token --help' for usage.") {
    super(message, { hint, exitCode: 2, code: "usage" });
    this.name = "UsageError";
  }
}
