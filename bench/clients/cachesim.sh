#!/bin/sh
# bench/clients/cachesim.sh BUILD_DIR seq|con|s3|list [gaws|curl] [TOP]
#
# Steady-state cache misses per request (per page for list) of
# `bench-clients CLIENT WORKLOAD`, simulated by callgrind (--cache-sim=yes)
# for L1 caches of 32 KiB (instructions and data, 8-way, as this machine's
# cores have) and a 1 MiB last level: the difference of two run lengths, as
# profile.sh takes it. Prints the instructions (Ir), L1 instruction misses
# (I1mr) and L1 data read/write misses (D1mr/D1mw) per request by library,
# then the TOP (default 30) functions of CLIENT by L1 misses.
#
# Why: gaws's user time per GetItem is about twice plain curl's for 1.6x
# the instructions. The simulation shows where the rest goes: plain curl's
# whole loop stays in L1 (almost no data misses), gaws's code and data per
# request do not, and libcurl's own code then misses too. A change that cuts
# misses shows here, deterministically, long before a timing can tell it.
# BENCH_TLS=1 bench/clients/cachesim.sh ...: the same over https.
set -eu
build=$1; work=$2; client=${3:-gaws}; top=${4:-30}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'kill $(cat $tmp/pid) 2>/dev/null; rm -rf $tmp' EXIT
ninja -C "$build" bench/bench-clients bench/bench-canned-server >/dev/null
B=$build/bench
# BENCH_TLS=1 in the environment: over https (a self-signed certificate,
# as run.sh --tls makes one)
scheme=http; tls=; ca=
if [ -n "${BENCH_TLS:-}" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout $tmp/key.pem -out $tmp/cert.pem >/dev/null 2>&1
  scheme=https; tls="--tls $tmp/cert.pem $tmp/key.pem"; ca="--ca-file $tmp/cert.pem"
fi
if [ "$work" = list ]; then a=200; b=600; else a=1000; b=3000; fi
toggle=gaws_run; [ "$work" = list ] && toggle=gaws_list
if [ "$client" = curl ]; then toggle=curl_run; fi
: > $tmp/pid
for n in $a $b; do
  # a listing reads every page its server has; the others run -n requests
  pages=10; extra="-n $n"
  if [ "$work" = list ]; then pages=$n; extra=""; fi
  $B/bench-canned-server $tls --pages $pages > $tmp/port$n &
  echo $! >> $tmp/pid
  while [ ! -s $tmp/port$n ]; do sleep 0.1; done
  valgrind --tool=callgrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 --LL=1048576,16,64 \
    --callgrind-out-file=$tmp/cg$n --toggle-collect=$toggle \
    $B/bench-clients $client $work $extra $ca --url $scheme://127.0.0.1:$(head -1 $tmp/port$n) >/dev/null 2>&1
done
python3 "$here/cachesim_report.py" $tmp/cg$a $tmp/cg$b $((b - a)) "$top"
