#!/usr/bin/env bash
# Builds everything and starts the desktop app on its embedded demo server.
# Extra arguments go to the app (e.g. --profile DIR). Installs its own Debian packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
app=build/release/triagedesk
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run-demo: no display found; starting the app on a virtual X display (Xvfb)." >&2
    echo "run-demo: run this from a desktop session to see the window." >&2
    exec xvfb-run -a -s '-screen 0 1400x900x24' "$app" --demo "$@"
fi
exec "$app" --demo "$@"
