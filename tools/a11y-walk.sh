#!/usr/bin/env bash
# Starts the demo under Xvfb with accessibility on and walks its AT-SPI tree with
# tools/a11y-walk.py. Usage: tools/a11y-walk.sh BUILD_DIR [light|dark|system]
set -euo pipefail
build=${1:-build/dev}
theme=${2:-system}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
printf '[General]\ntheme=%s\n' "$theme" >"$profile/settings.ini"
chmod 600 "$profile/settings.ini"
here=$(cd "$(dirname "$0")" && pwd)
exec xvfb-run -a -s '-screen 0 1400x900x24' dbus-run-session -- bash -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    sleep 1
    QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 "$1/triagedesk" --demo --profile "$2" 2>/dev/null &
    app=$!
    /usr/bin/python3 "$3/a11y-walk.py" triagedesk
    status=$?
    kill $app 2>/dev/null || true
    exit $status
' bash "$build" "$profile" "$here"
