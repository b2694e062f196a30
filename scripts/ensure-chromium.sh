#!/usr/bin/env bash
# Debian's Chromium at /usr/bin/chromium for @auth/imagen's real-browser tests (playwright-core
# with executablePath /usr/bin/chromium; playwright's own browser download does not work here).
set -euo pipefail
bash "$(dirname "$0")/ensure-apt.sh" /usr/bin/chromium chromium
