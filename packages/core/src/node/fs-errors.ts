import { AuthError, ConfigurationError } from "../errors.js";

/**
 * node:fs errors on a token file, as typed {@link AuthError}s that say what is wrong with the
 * path and what to do. A path that cannot work (a directory, a parent that is a file, no
 * permission, a read-only file system) is a {@link ConfigurationError}: the user must choose
 * another path or fix the permissions. A passing condition (disk full, too many open files) is
 * an `AuthError` with code `store`. An `AuthError` is passed through, except a `store` error
 * of the lock (file-lock.ts) caused by one of the path problems above, which gets their hint.
 *
 * The path is quoted: it is the user's own setting for where tokens live, not a secret.
 */
export function tokenFileError(error: unknown, path: string, operation: "read" | "write"): unknown {
  if (error instanceof AuthError) {
    const causeCode = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    return error.code === "store" && causeCode !== undefined && PATH_PROBLEMS.has(causeCode) ? tokenFileError(error.cause, path, operation) : error;
  }
  if (!(error instanceof Error)) return error;
  const { code, syscall } = error as NodeJS.ErrnoException;
  const config = (message: string, hint: string) => new ConfigurationError(message, { hint, cause: error });
  switch (code) {
    case "EISDIR":
      return config(`The token store path ${path} is a directory, not a file.`, `Point the token store at a file inside it, e.g. ${joinFile(path)}; the file is created when missing.`);
    case "EEXIST": // mkdir -p of the folder met a file where a folder should be
    case "ENOTDIR":
      if (code === "EEXIST" && syscall !== "mkdir") break;
      return config(`The token store path ${path} goes through a file as if it were a directory.`, "Choose a path whose parent folders are directories (a folder is created when missing).");
    case "EACCES":
    case "EPERM":
      return config(
        `This process may not ${operation} the token store ${path} (${code}).`,
        "Check the owner and permissions of the file and its folder (the file is created with mode 0600, owner only), or choose a path this user can write.",
      );
    case "EROFS":
      return config(`The token store ${path} is on a read-only file system.`, "Choose a writable location (e.g. under the home directory), or mount the volume read-write.");
    case "ENAMETOOLONG":
    case "ELOOP":
      return config(`The token store path ${path} cannot be used (${code === "ELOOP" ? "too many symbolic links" : "too long"}).`, "Choose a shorter path without symbolic link loops.");
    case "ENOSPC":
    case "EDQUOT":
      return new AuthError("store", `No space left to write the token store ${path} (${code}).`, { hint: "Free disk space or raise the quota, then try again.", cause: error });
    case "EMFILE":
    case "ENFILE":
      return new AuthError("store", `Too many open files to ${operation} the token store ${path} (${code}).`, { hint: "Raise the open-file limit (ulimit -n) or close other files, then try again.", cause: error });
  }
  return new AuthError("store", `Cannot ${operation} the token store ${path}${code ? ` (${code})` : ""}.`, {
    hint: "Check the path and the file system it is on, then try again.",
    cause: error,
  });
}

const PATH_PROBLEMS = new Set(["EISDIR", "EEXIST", "ENOTDIR", "EACCES", "EPERM", "EROFS", "ENAMETOOLONG", "ELOOP"]);

// The suggested file: "<dir>/tokens.json", with the separator the path already uses.
function joinFile(dir: string): string {
  const sep = dir.includes("\\") && !dir.includes("/") ? "\\" : "/";
  return `${dir.endsWith(sep) ? dir : dir + sep}tokens.json`;
}
