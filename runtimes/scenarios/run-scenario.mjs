// Runs one scenario and turns its outcome into a plain JSON-able result, in any runtime.
// Errors are described by name, code, message and hint (the library redacts its own
// messages; the emulators' credentials are test values), never by stack or cause objects.

/** @typedef {{ ok: true, detail: string, ms: number } | { ok: false, error: string, ms: number }} CellResult */

/** @returns {Promise<CellResult>} */
export async function runScenario(scenario, input) {
  const t0 = Date.now();
  try {
    const detail = await scenario(input);
    return { ok: true, detail, ms: Date.now() - t0 };
  } catch (error) {
    return { ok: false, error: describe(error), ms: Date.now() - t0 };
  }
}

function describe(error) {
  if (!(error instanceof Error)) return `thrown non-Error: ${String(error).slice(0, 200)}`;
  const code = typeof error.code === "string" ? ` [${error.code}]` : "";
  const hint = typeof error.hint === "string" ? ` (hint: ${error.hint})` : "";
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : "";
  return `${error.name}${code}: ${error.message}${hint}${cause}`.slice(0, 600);
}

/** The one authorized request must answer 2xx; its status and a short body excerpt go into the detail. */
export async function expectOk(response, what) {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  return `${what} → ${response.status}`;
}
