#!/usr/bin/env bash
# Put `auth-token` on PATH from this clone, without a registry: writes a shim into
# $PREFIX/bin (default ~/.local/bin) that runs packages/cli/dist/bin.js with the Node that
# scripts/bootstrap.sh provides (the machine's when it is >= 22, else .toolchain's Node 24).
# Builds the CLI first when dist/ is missing. Re-run it after moving the clone.
# Usage: bash scripts/install-cli.sh [--uninstall]     (PREFIX=/usr/local for a system-wide shim)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
prefix="${PREFIX:-$HOME/.local}"
shim="$prefix/bin/auth-token"
if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$shim"
  echo "install-cli: removed $shim" >&2
  exit 0
fi
# shellcheck source=bootstrap.sh
source "$repo/scripts/bootstrap.sh"
entry="$repo/packages/cli/dist/bin.js"
if [ ! -f "$entry" ]; then
  echo "install-cli: building the CLI (packages/cli/dist is missing)" >&2
  (cd "$repo" && pnpm install --frozen-lockfile >&2 && pnpm turbo run build --filter=@auth/cli... --output-logs=errors-only >&2)
fi
node_bin="$(command -v node)"
# Single-quoted for sh, so any path works in the shim.
sq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
mkdir -p "$prefix/bin"
tmp="$shim.$$"
{
  printf '#!/bin/sh\n'
  printf '# auth-token from the clone at %s (written by scripts/install-cli.sh)\n' "$repo"
  printf 'exec %s %s "$@"\n' "$(sq "$node_bin")" "$(sq "$entry")"
} > "$tmp"
chmod 755 "$tmp"
mv "$tmp" "$shim"
echo "install-cli: wrote $shim (node $("$node_bin" --version), $entry)" >&2
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "install-cli: $prefix/bin is not on your PATH; add it, e.g.  echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.bashrc" >&2 ;;
esac
