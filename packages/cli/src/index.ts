/**
 * `@auth/cli`: the `auth-token` command. The package's API is the command line (see README);
 * `main` is exported for embedding and tests.
 */

export { VERSION } from "./help.js";
export { main } from "./main.js";
export type { Io } from "./ui.js";
