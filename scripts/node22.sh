#!/usr/bin/env bash
# Runs the main job (auth-token demo), require() of every package entry, and the core + provider tests under Node 22, the oldest
# line the packages support (engines >=22), with Node 22 from the npm registry in
# .toolchain/node22 (git-ignored). Expects a built checkout (scripts/test.sh or pnpm build).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
dir=.toolchain/node22
if [ ! -x "$dir/node_modules/.bin/node" ]; then
  mkdir -p "$dir"
  printf '{"private":true,"allowScripts":{"node":true}}\n' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error node@22 >&2
fi
export PATH="$PWD/$dir/node_modules/.bin:$PATH"
echo "node $(node --version)"
node packages/cli/dist/bin.js demo | tail -6
# ESM only, stated: a CommonJS user can require() every entry of every package (Node >= 22.12).
node scripts/require-entries.cjs
pnpm turbo run test --filter=@auth/core --filter=@auth/metapack --filter=@auth/configapi --filter=@auth/bynder --output-logs=errors-only
