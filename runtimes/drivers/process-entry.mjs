// Driver for the runtimes that run a file: Node, Bun, Deno. The harness writes a copy to
// runtimes/.tmp/<entry>.process.mjs with `__SCENARIO__` replaced by the scenario's path (a static
// import, so Deno needs no read permission), and runs `<runtime> <that file> <input JSON>`.
// The scenario imports its entry through node_modules (the built dist/ files, as a user's code
// would); the driver prints one JSON line: the cell's result.
import scenario from "__SCENARIO__";
import { runScenario } from "../scenarios/run-scenario.mjs";

const [input] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
console.log(JSON.stringify(await runScenario(scenario, JSON.parse(input))));
