#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the real-browser tests of
# @auth/imagen (driven by playwright-core with executablePath /usr/bin/chromium; playwright's
# own browser download does not work on this network). No-op when it is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available; install Chromium by hand." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: need root (or sudo) to apt-get install chromium." >&2
    exit 1
  fi
fi
echo "ensure-chromium: installing Debian chromium (apt-get -y)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -y >/dev/null
$SUDO apt-get install -y --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
