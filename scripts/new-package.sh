#!/usr/bin/env bash
# scripts/new-package.sh <dir> <description> [entry ...]   - scaffolds packages/<dir> (used once per package)
set -euo pipefail
dir=$1; desc=$2; shift 2; entries=("index" "$@")
p=packages/$dir; mkdir -p $p/src $p/test
exports=""; tsupentries=""
for e in "${entries[@]}"; do
  if [ "$e" = index ]; then key="."; else key="./$e"; fi
  exports+="    \"$key\": { \"types\": \"./dist/$e.d.ts\", \"default\": \"./dist/$e.js\" },"$'\n'
  tsupentries+="\"src/$e.ts\", "
  [ -f $p/src/$e.ts ] || echo "export {};" > $p/src/$e.ts
done
exports="${exports%,$'\n'}"
cat > $p/package.json <<JSON
{
  "name": "@auth/$dir",
  "version": "0.1.0",
  "description": "$desc",
  "license": "MIT",
  "type": "module",
  "sideEffects": false,
  "engines": { "node": ">=22" },
  "exports": {
$exports
  },
  "main": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "files": ["dist", "README.md"],
  "publishConfig": { "access": "public" },
  "scripts": {
    "build": "tsup",
    "typecheck": "tsc -p tsconfig.json",
    "lint": "biome lint .",
    "test": "vitest run"
  }
}
JSON
cat > $p/tsconfig.json <<JSON
{ "extends": "../../tsconfig.base.json", "include": ["src", "test", "*.config.ts"] }
JSON
cat > $p/tsup.config.ts <<TS
import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

export default defineConfig({
  ...library,
  entry: [${tsupentries%, }],
});
TS
cat > $p/vitest.config.ts <<TS
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 20_000 } });
TS
