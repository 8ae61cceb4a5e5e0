#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds the C tour of
# aioboto3's usage page (examples/c), starts a moto_server on a free
# loopback port and runs each example against it, printing what it does.
#
# Only what the tour needs is built: the runtime and the dynamodb, s3, ssm
# and organizations services, without introspection, in its own build
# folder (GAWS_BUILDDIR, _build-demo by default), unoptimized: it compiles
# fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

build=${GAWS_BUILDDIR:-_build-demo}
tour=(dynamodb-query dynamodb-batch-writer s3-upload s3-stream-download s3-bucket-objects
      ssm-describe-parameters organizations-retries dynamodb-server)
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dwerror=true -Dservices=dynamodb,s3,ssm,organizations \
    -Dintrospection=disabled -Dtests=false -Dbench=false -Dbuildtype=debug
fi
ninja -C "$build" "${tour[@]/#/examples/gaws-}"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; wait $moto 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then break; fi
  sleep 0.1
done

# What botocore reads from the environment: the endpoint, static test
# credentials and a region; no profile or config file of this machine.
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_REGION AWS_SESSION_TOKEN
export G_DEBUG=fatal-warnings
echo "moto_server on $AWS_ENDPOINT_URL"
for example in "${tour[@]}"; do
  echo
  echo "== examples/c/gaws-$example.c"
  "$build/examples/gaws-$example"
done
echo
echo "All ${#tour[@]} examples ran. The same in Python and GJS: examples/python, examples/gjs."
