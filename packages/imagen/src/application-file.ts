import { readFile } from "node:fs/promises";
import { ConfigurationError } from "@auth/core";
import { type ImagenApplication, parseImagenApplication } from "./application.js";

/**
 * Read and parse the application JSON file (Node only: the package's `node` export condition
 * gives this one; the runtime-neutral build's rejects). Spread the result into `createImagenAuth`:
 *
 * ```ts
 * const app = await loadImagenApplication("./imagen-app.json");
 * const auth = createImagenAuth({ baseUrl: "https://imagen.example.com", ...app });
 * ```
 */
export async function loadImagenApplication(path: string): Promise<ImagenApplication> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "unreadable";
    // The argument is not quoted: it may be the JSON text (with the secret) passed as a path.
    // Once read, it is known to name a file, and later messages may name it.
    throw new ConfigurationError(`Cannot read the Imagen application file at the path given (${code}).`, {
      hint: "Download the application JSON from the Developer section of ImagenWeb and pass its path; to pass its text instead, use parseImagenApplication(text).",
    });
  }
  return parseImagenApplication(text, `The Imagen application file ${path}`);
}
