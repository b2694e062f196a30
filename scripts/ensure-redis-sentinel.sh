#!/usr/bin/env bash
# `redis-sentinel` (Debian package redis-sentinel, same version as redis-server) for
# @auth/redis's Sentinel tests, which start their own primary, replica and three sentinels
# (loopback, random ports, temp dir). The Cluster tests need only redis-server and redis-cli.
set -euo pipefail
installed=0
command -v redis-sentinel >/dev/null 2>&1 || installed=1
bash "$(dirname "$0")/ensure-redis.sh"
bash "$(dirname "$0")/ensure-apt.sh" redis-sentinel redis-sentinel
# Debian's postinst starts its own sentinel on 26379; the tests do not use it.
if [ "$installed" = 1 ] && command -v service >/dev/null 2>&1; then service redis-sentinel stop >/dev/null 2>&1 || true; fi
