#!/usr/bin/env bash
# Makes sure `redis-server` is on PATH for @auth/redis's tests and benchmarks, which start a
# real server of their own (loopback, temp dir, no persistence). Installs Debian's
# redis-server package when it is missing; does nothing when it is already there.
# CI (.ci/run) and scripts/test.sh call it.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: redis-server is missing and apt-get is not available; install Redis (>= 6.2) yourself" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-redis: redis-server is missing and installing it needs root (apt-get install redis-server)" >&2
    exit 1
  fi
fi
echo "ensure-redis: installing Debian package redis-server" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || true
# The package's own service is not used (tests start their own server), so it does not matter
# whether the post-install script manages to start one.
$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends redis-server >&2
# Another apt-get (a parallel CI step) may hold the dpkg lock: wait for it (Lock::Timeout above).
# Debian's postinst may start a system server on 6379; the tests never use it, stop it when we can.
if command -v service >/dev/null 2>&1; then $SUDO service redis-server stop >/dev/null 2>&1 || true; fi
command -v redis-server >/dev/null 2>&1
