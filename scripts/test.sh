#!/usr/bin/env bash
# One command from a fresh clone to a passing test suite: Node 24 + pnpm (bootstrapped when
# the machine's Node is older), Redis and Chromium for the real-component tests, a frozen
# install, a build, then every package's tests and the examples (examples/).
# --continue: a failing package does not cancel the others, so one run shows every failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
for s in scripts/ensure-redis.sh scripts/ensure-redis-sentinel.sh scripts/ensure-chromium.sh; do [ -f "$s" ] && bash "$s"; done
bash scripts/ensure-shells.sh || echo "ensure-shells: could not install zsh/fish; their completion checks will be skipped" >&2
# A Secret Service (gnome-keyring + dbus) for the auth-token keyring tests; they print why they skip if this fails.
bash scripts/ensure-keyring.sh || echo "ensure-keyring: could not install gnome-keyring/dbus; the keyring tests will be skipped" >&2
pnpm install --frozen-lockfile
pnpm build
pnpm run test --continue
