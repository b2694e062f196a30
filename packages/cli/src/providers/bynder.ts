import { CliError } from "../ui.js";
import type { AdapterFactory } from "./types.js";

export const create: AdapterFactory = async () => {
  throw new CliError("The bynder provider is not available in this build yet.", { hint: "@auth/bynder has not landed; see the README." });
};
