#!/usr/bin/env bash
# The runtimes of the runtime matrix (runtimes/): Node 22, Bun, Deno and Cloudflare's workerd,
# from their npm packages, into .toolchain/runtimes (git-ignored). Not workspace dependencies:
# together they are ~400 MB of binaries that only the matrix needs. Versions are pinned here;
# bump them on purpose. Headless Chromium is Debian's (scripts/ensure-chromium.sh).
# Prints nothing when everything is there; safe to run concurrently with itself (flock).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
dir=.toolchain/runtimes
want="node@22.23.3 bun@1.4.5 deno@2.9.6 workerd@1.20261117.1"
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9
if [ "$(cat "$dir/.installed" 2>/dev/null)" != "$want" ]; then
  echo "ensure-runtimes: installing $want into $dir (one time, ~1 min)" >&2
  # npm runs the packages' install scripts only when allowed (they pick the platform binary).
  printf '{"private":true,"allowScripts":{"node":true,"bun":true,"deno":true,"workerd":true}}\n' > "$dir/package.json"
  # shellcheck disable=SC2086
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error $want >&2
  echo "$want" > "$dir/.installed"
fi
