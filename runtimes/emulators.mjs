// Starts one emulator per entry (from @auth/testing, in this Node process, on 127.0.0.1)
// and returns each scenario's input: the emulator's URL and credentials.
import {
  startBynderEmulator,
  startConfigApiEmulator,
  startImagenEmulator,
  startMetapackEmulator,
  startOAuth2Emulator,
} from "@auth/testing";

/**
 * @param {Record<string, unknown>} options passed to every emulator (e.g. CORS for the browser)
 * @returns {Promise<{ inputs: Record<string, object>, close(): Promise<void> }>}
 */
export async function startEmulators(options = {}) {
  const started = [];
  const start = async (fn, extra = {}) => {
    const emulator = await fn({ ...options, ...extra });
    started.push(emulator);
    return emulator;
  };
  const core = await start(startOAuth2Emulator);
  const oauth1 = await start(startBynderEmulator);
  const metapack = await start(startMetapackEmulator);
  const configapi = await start(startConfigApiEmulator);
  const bynder = await start(startBynderEmulator);
  const imagen = await start(startImagenEmulator);
  return {
    inputs: {
      core: { tokenUrl: core.tokenUrl, resourceUrl: core.resourceUrl, ...core.credentials },
      "core-oauth1": { url: oauth1.url, consumerKey: oauth1.credentials.consumer.key, consumerSecret: oauth1.credentials.consumer.secret },
      metapack: { url: metapack.url, properties: metapack.credentials.properties },
      configapi: { url: configapi.url, ...configapi.credentials },
      bynder: { url: bynder.url, consumerKey: bynder.credentials.consumer.key, consumerSecret: bynder.credentials.consumer.secret },
      imagen: { url: imagen.url, ...imagen.credentials },
    },
    close: () => Promise.all(started.map((e) => e.close())).then(() => {}),
  };
}
