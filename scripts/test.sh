#!/usr/bin/env bash
# Builds everything and runs the whole test suite through ctest (what CI runs).
# Installs its own Debian packages first. Tests that need a keychain get a real one: a
# gnome-keyring daemon on a private D-Bus session bus, unlocked with a throwaway password.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
# The keyring lives in a throwaway folder: a login keyring left in $HOME by anything else
# (with another password) would stay locked and fail the keychain test.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
dbus-run-session -- bash -c '
    set -euo pipefail
    echo -n triagedesk-test | XDG_DATA_HOME="$1" gnome-keyring-daemon --unlock --components=secrets >/dev/null
    cmake --workflow --preset ci
' bash "$keyring_home"

