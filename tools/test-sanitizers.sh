#!/usr/bin/env bash
# Builds gaws with AddressSanitizer and UndefinedBehaviorSanitizer in
# _build-san and runs the whole test suite there, through the `asan` test
# setup of meson.build (halt on the first report, LeakSanitizer on, with
# tests/lsan.supp for the one-time allocations of the libraries below us).
# tools/test.sh (the README's test command, and CI) runs it after the plain
# suite. Introspection is off here: the Python and GJS tests would load
# instrumented libraries into uninstrumented interpreters.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${GAWS_DEPS_INSTALLED:-0}" != 1 ]; then
  tools/install-deps.sh
fi

build=${GAWS_SAN_BUILDDIR:-_build-san}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dintrospection=disabled -Dbench=false
fi
ninja -C "$build"

status=0
meson test -C "$build" --setup asan --print-errorlogs --num-processes 2 "$@" || status=$?
echo "AddressSanitizer + UndefinedBehaviorSanitizer build:"
python3 tools/test-summary.py "$build/meson-logs/testlog-asan.json"
exit $status
