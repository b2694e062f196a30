#!/usr/bin/env bash
# Makes sure Node >= 22 and the pinned pnpm are on PATH, installing both from the npm
# registry into .toolchain/ (git-ignored) when the machine's Node is older.
# Usage: source scripts/bootstrap.sh   (or: scripts/bootstrap.sh <command...>)
# Why: the machines we target ship Node 20 and no pnpm (see README "Quick start");
# corepack is not usable offline-ish here (no registry signatures), npm is.
set -euo pipefail
_auth_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_auth_pnpm_version="12.21.0"
_auth_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
_auth_tool="$_auth_root/.toolchain"
if [ -x "$_auth_tool/node_modules/.bin/node" ]; then
  export PATH="$_auth_tool/node_modules/.bin:$PATH"
fi
if [ "$(_auth_node_major)" -lt 22 ] || ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$_auth_pnpm_version" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "bootstrap: npm is needed to install Node 24 and pnpm $_auth_pnpm_version; install Node.js first" >&2
    exit 1
  fi
  echo "bootstrap: installing node@24 and pnpm@$_auth_pnpm_version into .toolchain/ (one time, ~20 s)" >&2
  mkdir -p "$_auth_tool"
  printf '{"private":true,"allowScripts":{"node":true,"pnpm":true}}\n' > "$_auth_tool/package.json"
  npm install --prefix "$_auth_tool" --no-audit --no-fund --loglevel=error node@24 "pnpm@$_auth_pnpm_version" >&2
  export PATH="$_auth_tool/node_modules/.bin:$PATH"
fi
export TURBO_TELEMETRY_DISABLED=1
if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "$#" -gt 0 ]; then
  exec "$@"
fi
