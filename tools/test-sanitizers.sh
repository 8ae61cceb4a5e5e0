#!/usr/bin/env bash
# Builds gaws with AddressSanitizer and UndefinedBehaviorSanitizer in
# _build-san and runs the whole test suite there, through the `asan` test
# setup of meson.build (halt on the first report, LeakSanitizer on, with
# tests/lsan.supp for the one-time allocations of the libraries below us).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

build=${GAWS_SAN_BUILDDIR:-_build-san}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$build"
meson test -C "$build" --setup asan --print-errorlogs --num-processes 2 "$@"
