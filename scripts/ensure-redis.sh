#!/usr/bin/env bash
# `redis-server` for @auth/redis's tests and benchmarks, which start a real server of their own
# (loopback, temp dir, no persistence).
set -euo pipefail
installed=0
command -v redis-server >/dev/null 2>&1 || installed=1
bash "$(dirname "$0")/ensure-apt.sh" redis-server redis-server
# Debian's postinst may start its own service on 6379; the tests do not use it.
if [ "$installed" = 1 ] && command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
