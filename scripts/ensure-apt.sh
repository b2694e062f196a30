#!/usr/bin/env bash
# ensure-apt.sh <command or absolute path> <debian package>: installs the package with apt-get
# when the command is missing (root or sudo needed); does nothing when it is there.
# Used for the real components the tests start themselves (redis-server, chromium).
set -euo pipefail
what=$1 pkg=$2
if [ -x "$what" ] || command -v "$what" >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-apt: $what is missing and apt-get is not available; install $pkg yourself." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-apt: $what is missing and installing $pkg needs root (apt-get install $pkg)." >&2
    exit 1
  fi
fi
echo "ensure-apt: installing Debian package $pkg (apt-get -y)" >&2
export DEBIAN_FRONTEND=noninteractive
# Another apt-get may hold the dpkg lock: wait for it rather than fail.
APT=($SUDO apt-get -o DPkg::Lock::Timeout=300)
"${APT[@]}" update -qq >&2 || true
"${APT[@]}" install -y -qq --no-install-recommends "$pkg" >&2
[ -x "$what" ] || command -v "$what" >/dev/null 2>&1
