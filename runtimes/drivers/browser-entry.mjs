// Driver for headless Chromium: a page script bundled with one scenario (the harness bundles
// this file with esbuild, `__SCENARIO__` aliased to the scenario); the harness calls
// window.runMatrixCell(input) from playwright and reads the result.
import scenario from "__SCENARIO__";
import { runScenario } from "../scenarios/run-scenario.mjs";

window.runMatrixCell = (input) => runScenario(scenario, input);
