#!/bin/sh
# test-codegen-all.sh: generates every service of a botocore data folder
# (this machine's botocore install by default) and compiles each one with
# the project's warnings as errors, then links it as a shared library.
# Slow: suite 'slow', run with `meson test --suite slow`.
#
#   test-codegen-all.sh GAWS_CODEGEN SOURCE_ROOT CC [BOTOCORE_DATA]
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
set -eu

# --one CC WORK CFLAGS SERVICE: compile and link one generated service.
if [ "$1" = "--one" ]; then
  cc=$2 work=$3 flags=$4 service=$5
  dir="$work/out/$service"
  for source in "$dir"/*.c; do
    case "$source" in *-unity.c) continue ;; esac
    # shellcheck disable=SC2086
    if ! $cc $flags -I"$dir" -c "$source" -o "${source%.c}.o" 2>> "$dir/build.log"; then
      echo "FAIL: $service"
      exit 0
    fi
  done
  if ! $cc -shared -o "$dir/libgaws-$service.so" "$dir"/*.o 2>> "$dir/build.log"; then
    echo "FAIL: $service (link)"
    exit 0
  fi
  rm -f "$dir"/*.o "$dir/libgaws-$service.so"
  echo "ok: $service"
  exit 0
fi

codegen=$1
top=$2
cc=$3
data=${4:-}
if [ -z "$data" ]; then
  data=$(python3 -c 'import botocore, os; print(os.path.dirname(botocore.__file__))' 2>/dev/null)/data || true
fi
if [ ! -d "$data" ]; then
  echo "no botocore data folder (give one, or install botocore): skipping"
  exit 77
fi

work=$(mktemp -d /tmp/gaws-codegen-all-XXXXXX)
trap 'rm -rf "$work"' EXIT

start=$(date +%s)
if ! "$codegen" --models "$data" --all --out "$work/out" > "$work/generate.log" 2>&1; then
  cat "$work/generate.log"
  echo "FAIL: gaws-codegen --all"
  exit 1
fi
echo "generated $(ls "$work/out" | wc -l) services from $data in $(( $(date +%s) - start )) s"

# The project's own warnings (meson.build), as errors; -O0 to keep the run short.
CFLAGS="-std=gnu11 -O0 -fPIC -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
        -Wmissing-prototypes -Wstrict-prototypes -Wshadow -fno-strict-aliasing
        -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
        -I$top/runtime $(pkg-config --cflags gio-2.0 jansson)"
CFLAGS=$(echo $CFLAGS)

start=$(date +%s)
ls "$work/out" | xargs -P "$(nproc)" -n 1 "$0" --one "$cc" "$work" "$CFLAGS" > "$work/results.txt" 2>&1 || true
failed=$(grep -c '^FAIL' "$work/results.txt" || true)
passed=$(grep -c '^ok' "$work/results.txt" || true)
echo "compiled $passed services in $(( $(date +%s) - start )) s, $failed failed"
for service in $(grep '^FAIL' "$work/results.txt" | sed 's/^FAIL: //; s/ .*//'); do
  echo "== $service"
  head -20 "$work/out/$service/build.log"
done
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
