#!/usr/bin/env bash
# zsh and fish, so the auth-token completion tests check the zsh and fish scripts for real
# (bash is always there). Debian's packages; nothing is configured for any user.
set -euo pipefail
here="$(dirname "$0")"
bash "$here/ensure-apt.sh" zsh zsh
bash "$here/ensure-apt.sh" fish fish
