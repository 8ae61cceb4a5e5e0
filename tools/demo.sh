#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds gaws, starts a
# moto_server on a free loopback port and runs the demo against it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

build=${GAWS_BUILDDIR:-_build}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dwerror=true
fi
ninja -C "$build"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; wait $moto 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then break; fi
  sleep 0.1
done
"$build/examples/gaws-smoke" --endpoint-url "http://127.0.0.1:$port"
