#!/bin/sh
# Builds bench-http-engine (release, in its own build folder) and runs it:
# GawsHttpEngine against plain libcurl, small POSTs to nginx on loopback.
# Extra arguments go to the bench (see --help), for example:
#   bench/http-engine/run.sh --rounds 5 --sequential 10000
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${GAWS_BENCH_BUILD_DIR:-$root/_build-bench}

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || {
  echo "run.sh: nginx is needed (apt-get install nginx-light)" >&2
  exit 1
}
PATH=$PATH:/usr/sbin
export PATH

if [ ! -d "$build" ]; then
  meson setup "$build" "$root" --buildtype=release
fi
ninja -C "$build" bench/bench-http-engine

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "# libcurl $(curl-config --version 2>/dev/null | cut -d' ' -f2), GLib $(pkg-config --modversion glib-2.0)"
exec "$build/bench/bench-http-engine" --nginx-conf "$here/nginx.conf" "$@"
