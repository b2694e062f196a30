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
# Another apt-get (a parallel CI step, another installer) may hold the dpkg lock: wait for it.
APT=($SUDO apt-get -o DPkg::Lock::Timeout=300)
"${APT[@]}" update -qq >&2 || true
"${APT[@]}" install -y -qq --no-install-recommends redis-server >&2
# The package's own service is not used (tests start their own server). Debian's postinst may
# have started one on 6379; stop it when we can.
if command -v service >/dev/null 2>&1; then $SUDO service redis-server stop >/dev/null 2>&1 || true; fi
command -v redis-server >/dev/null 2>&1
