// Driver for workerd: the entry point of a Worker bundled with one scenario (the harness
// bundles this file with esbuild, `__SCENARIO__` aliased to the scenario). POST the input
// JSON, get the result JSON.
import scenario from "__SCENARIO__";
import { runScenario } from "../scenarios/run-scenario.mjs";

export default {
  async fetch(request) {
    return Response.json(await runScenario(scenario, await request.json()));
  },
};
