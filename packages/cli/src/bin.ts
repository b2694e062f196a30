#!/usr/bin/env node
// The executable: enable V8's on-disk compile cache (Node >= 22.1) before loading the rest,
// so repeated runs skip parsing and compiling; then run.
import module from "node:module";

module.enableCompileCache?.();
const { main } = await import("./main.js");
process.exitCode = await main(process.argv.slice(2));
