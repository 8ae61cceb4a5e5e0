#!/usr/bin/env bash
# Installs what building and testing gaws needs on Debian, and only what is
# missing: Debian packages through apt-get, emulators from the npm registry.
# moto_server is not packaged by Debian: it must come with the machine's
# python3 (`python3 -c 'import moto.server'`); without it this fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  gcc meson ninja-build pkg-config m4
  libglib2.0-dev libjansson-dev libcurl4-openssl-dev zlib1g-dev
  libssl-dev libisal-dev
  nginx-light valgrind
  glib-networking openssl
  libsoup-3.0-dev
  gobject-introspection libgirepository1.0-dev python3-gi gjs
)
# Optional, for the API reference (meson option docs, disabled by default):
#   apt-get install -y gi-docgen

# node and npm run dynalite and s3rver; any Node.js >= 18 does.
command -v npm >/dev/null 2>&1 || debian_packages+=(nodejs npm)

missing=()
for pkg in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import moto.server' 2>/dev/null; then
  echo "install-deps: moto_server is missing: the tests need moto's server mode in the default python3" >&2
  exit 1
fi

# dynalite and s3rver, pinned by tools/npm/package-lock.json
if [ ! -x tools/npm/node_modules/.bin/dynalite ] || [ ! -x tools/npm/node_modules/.bin/s3rver ] ||
   [ tools/npm/package-lock.json -nt tools/npm/node_modules/.package-lock.json ]; then
  echo "install-deps: installing dynalite and s3rver from the npm registry"
  (cd tools/npm && npm ci --no-audit --no-fund --loglevel=error)
fi
