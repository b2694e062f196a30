import { AuthError } from "@auth/core";
import type { ImagenApplication } from "./application.js";

/**
 * The runtime-neutral build's `loadImagenApplication`: reading a file needs Node, and this
 * build imports no Node module (not even on demand: bundlers follow dynamic imports). On Node
 * the package's `node` export condition gives the one that reads the file.
 */
export async function loadImagenApplication(_path: string): Promise<ImagenApplication> {
  throw new AuthError("node_required", "loadImagenApplication() reads a file, which needs Node.js; this is the runtime-neutral build of @auth/imagen.", {
    hint: "On Node, import @auth/imagen (its \"node\" export condition reads files) or @auth/imagen/node. Elsewhere, pass the file's text to parseImagenApplication(text).",
  });
}
