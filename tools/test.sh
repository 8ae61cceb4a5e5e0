#!/usr/bin/env bash
# The README's test command: installs what is missing, builds gaws with
# warnings as errors and runs the whole test suite; then builds it again
# with AddressSanitizer and UndefinedBehaviorSanitizer and runs the suite
# once more under them (tools/test-sanitizers.sh; GAWS_SANITIZERS=0 skips
# that second pass). Arguments go to both `meson test` runs.
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
echo "plain build:"
python3 tools/test-summary.py "$build/meson-logs/testlog.json"

if [ "${GAWS_SANITIZERS:-1}" != 0 ]; then
  GAWS_DEPS_INSTALLED=1 tools/test-sanitizers.sh "$@" || status=1
fi
exit $status
