#!/bin/sh
# Builds bench-clients and bench-canned-server (release, in _build-bench),
# installs the AWS SDK for JavaScript v3 into bench/clients/npm (npm ci,
# pinned by its package-lock.json), and runs the four clients on the four
# workloads against the canned server (run.py), printing one table.
# Extra arguments go to run.py, for example:
#   bench/clients/run.sh --rounds 3
#   bench/clients/run.sh --scale 0.1 --clients curl,gaws
#   bench/clients/run.sh --pin --rounds 3   (server and clients on separate processors)
#   bench/clients/run.sh --tls --pin --rounds 3 --clients curl,gaws   (over https)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${GAWS_BENCH_BUILD_DIR:-$root/_build-bench}
python=${PYTHON:-python3}

if [ ! -d "$build" ]; then
  meson setup "$build" "$root" --buildtype=release -Dbench=true -Dservices=dynamodb,s3
fi
ninja -C "$build" bench/bench-clients bench/bench-canned-server >/dev/null

if [ ! -d "$here/npm/node_modules/@aws-sdk/client-s3" ] ||
   [ "$here/npm/package-lock.json" -nt "$here/npm/node_modules/.package-lock.json" ]; then
  (cd "$here/npm" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# libcurl $(curl-config --version 2>/dev/null | cut -d' ' -f2), GLib $(pkg-config --modversion glib-2.0)," \
     "boto3 $("$python" -c 'import boto3; print(boto3.__version__)'), Python $("$python" -c 'import platform; print(platform.python_version())')," \
     "@aws-sdk/client-dynamodb $(node -p "require('$here/npm/node_modules/@aws-sdk/client-dynamodb/package.json').version")," \
     "@aws-sdk/client-s3 $(node -p "require('$here/npm/node_modules/@aws-sdk/client-s3/package.json').version"), Node.js $(node --version)"
exec "$python" "$here/run.py" --bench-clients "$build/bench/bench-clients" \
  --server "$build/bench/bench-canned-server" --python "$python" "$@"
