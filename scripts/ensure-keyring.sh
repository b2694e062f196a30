#!/usr/bin/env bash
# A Secret Service for the auth-token keyring test: Debian's gnome-keyring (the daemon) and
# dbus (dbus-run-session). The test starts its own session bus and an unlocked keyring in it
# (dbus-run-session -- sh -c 'echo pw | gnome-keyring-daemon --unlock --components=secrets; ...'),
# so nothing here touches the machine's own keyring.
set -euo pipefail
here="$(dirname "$0")"
bash "$here/ensure-apt.sh" dbus-run-session dbus
bash "$here/ensure-apt.sh" gnome-keyring-daemon gnome-keyring
