#!/usr/bin/env bash
# The README's test command: installs what is missing, builds gaws with
# warnings as errors and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

build=${GAWS_BUILDDIR:-_build}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dwerror=true
fi
ninja -C "$build"

status=0
meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?
python3 tools/test-summary.py "$build/meson-logs/testlog.json"
exit $status
