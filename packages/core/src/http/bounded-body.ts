import { AuthError } from "../errors.js";

/** Default bound on a body the library reads itself (token responses, error pages): 1 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** The body was larger than allowed; thrown by {@link readBoundedText}. */
export class ResponseTooLargeError extends AuthError {
  constructor(what: string, maxBytes: number) {
    super("response_too_large", `${what} sent a response body larger than ${maxBytes} bytes; it was not read further.`, {
      hint: "The URL may point at the wrong server (a download, a web page); check the base URL, or raise maxResponseBytes if the provider really sends this much.",
    });
  }
}

export interface ReadBoundedOptions {
  /** Stop and fail beyond this many bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Aborts the read (the exchange's deadline); the read rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** For messages, e.g. `the token endpoint example.com`. */
  what?: string;
}

/**
 * Read a response body as UTF-8 text, at most `maxBytes`, streaming with a counter: a body
 * over the bound (by `Content-Length` or by what arrives) cancels the stream and throws
 * {@link ResponseTooLargeError}; `signal` ends a body that never ends or trickles. The
 * signal is raced here too, not only handed to fetch, since a custom fetch may ignore it.
 */
export async function readBoundedText(response: Response, options: ReadBoundedOptions = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const what = options.what ?? "The server";
  const signal = options.signal;
  const body = response.body;
  if (!body) return "";
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await body.cancel().catch(() => {});
    throw new ResponseTooLargeError(what, maxBytes);
  }
  signal?.throwIfAborted();
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  let onAbort: (() => void) | undefined;
  const aborted = signal
    ? new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
      })
    : undefined;
  aborted?.catch(() => {});
  try {
    for (;;) {
      const chunk = await (aborted ? Promise.race([reader.read(), aborted]) : reader.read());
      if (chunk.done) break;
      received += chunk.value.byteLength;
      if (received > maxBytes) throw new ResponseTooLargeError(what, maxBytes);
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    // Free the connection: a body we stopped reading would otherwise keep it busy.
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}
