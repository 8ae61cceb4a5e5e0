#!/bin/sh
# Builds bench-s3 and runs bench/s3: a 1 GiB download to a null sink and a
# 1 GiB multipart upload from a file through GawsS3TransferManager, against
# nginx as a canned S3 stand-in on loopback (nginx.conf), with the curl
# command line moving the same bytes in the same run. Prints throughput
# ratios (gaws / curl), peak RSS, and the CPU seconds each took (user +
# system; curl's through /usr/bin/time when it is there): on a machine
# shared with other work, throughput moves with the share of the CPUs a
# process gets, CPU time much less.
#   bench/s3/run.sh [SIZE_MIB [CONCURRENCY [PART_MIB]]]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${GAWS_BENCH_BUILD_DIR:-$root/_build-bench}
size_mib=${1:-1024}
concurrency=${2:-10}
part_mib=${3:-8}

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || {
  echo "run.sh: nginx is needed (apt-get install nginx-light)" >&2
  exit 1
}
PATH=$PATH:/usr/sbin
export PATH

if [ ! -d "$build" ]; then
  meson setup "$build" "$root" --buildtype=release -Dservices=s3
fi
ninja -C "$build" bench/bench-s3 >/dev/null

dir=$(mktemp -d /tmp/gaws-bench-s3.XXXXXX)
nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$dir/data/bench" "$dir/body"
head -c "$((size_mib * 1048576))" /dev/urandom > "$dir/data/bench/object"
sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$dir|g" "$here/nginx.conf" > "$dir/nginx.conf"
nginx -c "$dir/nginx.conf" -p "$dir" &
nginx_pid=$!
url=http://127.0.0.1:$port
for _ in $(seq 50); do
  curl -s -o /dev/null -I "$url/bench/object" && break
  sleep 0.1
done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $size_mib MiB, concurrency $concurrency, parts of $part_mib MiB; curl $(curl --version | head -1 | cut -d' ' -f2)"

# curl: MiB/s of one transfer
curl_rate() {
  awk -v b="$1" -v t="$2" 'BEGIN { printf "%.1f", b / 1048576 / t }'
}
field() {
  echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
# curl ARGS...: prints "BYTES SECONDS CPU_SECONDS" of one transfer
run_curl() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$dir/time" curl "$@" >"$dir/out"
    echo "$(cat "$dir/out") $(awk '{ print $1 + $2 }' "$dir/time")"
  else
    echo "$(curl "$@") 0"
  fi
}

out=$(run_curl -s -o /dev/null -w '%{size_download} %{time_total}' "$url/bench/object")
curl_down=$(curl_rate $out)
curl_down_cpu=$(echo "$out" | cut -d' ' -f3)
gaws=$("$build/bench/bench-s3" download "$url" object "$concurrency" "$part_mib")
gaws_down=$(field "$gaws" mibps)
down_rss=$(field "$gaws" maxrss_kib)
down_cpu=$(field "$gaws" cpu_s)

out=$(run_curl -s -o /dev/null -T "$dir/data/bench/object" -w '%{size_upload} %{time_total}' \
      "$url/bench/upload?partNumber=1&uploadId=curl")
curl_up=$(curl_rate $out)
curl_up_cpu=$(echo "$out" | cut -d' ' -f3)
gaws=$("$build/bench/bench-s3" upload "$url" "$dir/data/bench/object" "$concurrency" "$part_mib")
gaws_up=$(field "$gaws" mibps)
up_rss=$(field "$gaws" maxrss_kib)
up_cpu=$(field "$gaws" cpu_s)

awk -v gd="$gaws_down" -v cd="$curl_down" -v gu="$gaws_up" -v cu="$curl_up" \
    -v dr="$down_rss" -v ur="$up_rss" -v c="$concurrency" -v p="$part_mib" \
    -v gdc="$down_cpu" -v cdc="$curl_down_cpu" -v guc="$up_cpu" -v cuc="$curl_up_cpu" 'BEGIN {
  printf "download: gaws %.1f MiB/s, curl %.1f MiB/s, ratio %.2fx; peak RSS %.1f MiB (target < 64); CPU s gaws %.2f, curl %.2f\n", gd, cd, gd / cd, dr / 1024, gdc, cdc
  printf "upload:   gaws %.1f MiB/s, curl %.1f MiB/s, ratio %.2fx; peak RSS %.1f MiB (target < %d); CPU s gaws %.2f, curl %.2f\n", gu, cu, gu / cu, ur / 1024, c * p + 32, guc, cuc
}'
