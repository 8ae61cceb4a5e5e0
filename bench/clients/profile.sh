#!/bin/sh
# bench/clients/profile.sh BUILD_DIR seq|con|s3|list [TOP]
#
# Steady-state user-space instructions per request (per page for list) of
# `bench-clients gaws WORKLOAD`, by callgrind (valgrind): the difference of
# two run lengths, so that start-up and warm-up cancel out. Prints the
# inclusive instructions per request of the TOP (default 60) functions; the
# first lines are the whole request. BUILD_DIR is a meson build with
# -Dbench=true (release, as bench/clients/run.sh makes it). Deterministic,
# so usable on a busy machine, but blind to system calls, and it overstates
# SHA-256 (valgrind has no SHA-NI): check a change with `time` A/B runs too.
# BENCH_TLS=1 bench/clients/profile.sh ...: the same over https.
set -eu
build=$1; work=$2; top=${3:-60}
tmp=$(mktemp -d); trap 'kill $(cat $tmp/pids) 2>/dev/null; rm -rf $tmp' EXIT
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
: > $tmp/pids
if [ "$work" = list ]; then a=200; b=600; toggle=gaws_list; else a=1000; b=3000; toggle=gaws_run; fi
for n in $a $b; do
  if [ "$work" = list ]; then $B/bench-canned-server $tls --pages $n > $tmp/port$n & else $B/bench-canned-server $tls --pages 10 > $tmp/port$n & fi
  echo $! >> $tmp/pids
done
sleep 0.5
for n in $a $b; do
  port=$(head -1 $tmp/port$n)
  if [ "$work" = list ]; then extra=""; else extra="-n $n"; fi
  valgrind --tool=callgrind --callgrind-out-file=$tmp/cg$n --toggle-collect=$toggle \
    $B/bench-clients gaws $work $extra $ca --url $scheme://127.0.0.1:$port >/dev/null 2>&1
  callgrind_annotate --inclusive=yes --threshold=100 $tmp/cg$n 2>/dev/null |
    awk 'NR>25 && /\(/ {gsub(",","",$1); v=$1; $1="";$2=""; print v "\t" $0}' | sed 's/ \[.*//' > $tmp/inc$n
done
python3 - "$tmp/inc$a" "$tmp/inc$b" $((b - a)) "$top" <<'PY'
import sys
def load(p):
    d = {}
    for l in open(p):
        try:
            v, n = l.rstrip("\n").split("\t", 1)
            n = n.strip().split(") ", 1)[-1] if "%)" in n else n.strip()
            d[n] = d.get(n, 0) + int(v)
        except ValueError:
            pass
    return d
a, b = load(sys.argv[1]), load(sys.argv[2]); n = int(sys.argv[3]); top = int(sys.argv[4])
rows = sorted((((b[k] - a.get(k, 0)) / n), k) for k in b)[::-1]
print("per request (inclusive, instructions):")
for v, k in rows[:top]:
    print("%9.1fk  %s" % (v / 1000, k))
PY
