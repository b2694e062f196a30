#!/usr/bin/env bash
# One command from a fresh clone to the main job: bootstrap, install, build, then
# `auth-token demo`, which runs every provider end to end against its local emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
pnpm install --frozen-lockfile >&2
pnpm build --output-logs=errors-only >&2
exec node packages/cli/dist/bin.js demo "$@"
