#!/usr/bin/env bash
# scripts/new-package.sh <dir> <description> [entry ...]   - scaffolds packages/<dir> (used once per package)
# A provider or plugin: @auth/core as a peer (one core per app), version 0.0.0 (first release 0.1.0),
# what a registry user expects (LICENSE, repository/homepage/bugs, ./package.json); see README "Packaging".
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
exports+="    \"./package.json\": \"./package.json\""
cat > $p/package.json <<JSON
{
  "name": "@auth/$dir",
  "version": "0.0.0",
  "description": "$desc",
  "license": "MIT",
  "repository": { "type": "git", "url": "git+https://github.com/auth-family/auth.git", "directory": "packages/$dir" },
  "homepage": "https://github.com/auth-family/auth/tree/main/packages/$dir#readme",
  "bugs": { "url": "https://github.com/auth-family/auth/issues" },
  "type": "module",
  "sideEffects": false,
  "engines": { "node": ">=22" },
  "exports": {
$exports
  },
  "main": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "files": ["dist", "README.md", "LICENSE"],
  "publishConfig": { "access": "public" },
  "scripts": {
    "build": "tsup",
    "typecheck": "tsc -p tsconfig.json",
    "lint": "biome lint .",
    "test": "vitest run"
  },
  "peerDependencies": { "@auth/core": "workspace:^" },
  "devDependencies": { "@auth/core": "workspace:^", "@auth/testing": "workspace:^" }
}
JSON
cp LICENSE $p/LICENSE
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
