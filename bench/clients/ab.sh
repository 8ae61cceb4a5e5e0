#!/usr/bin/env bash
# bench/clients/ab.sh BUILD_A BUILD_B seq|con|s3|list [ROUNDS] [REQUESTS]
#
# Whether a change made gaws cheaper, on a machine whose speed moves from
# one hour to the next: the gaws client of two builds (each a meson build
# with -Dbench=true, e.g. one of a worktree of the old commit) and plain
# curl, run in alternation for ROUNDS (default 9) rounds against one canned
# server, pinned as `run.sh --pin` pins them (server on processor 0, clients
# on 1). Prints each round's CPU µs per request and the medians. Build the
# old commit in its own worktree: profile.sh and this script run ninja in
# the build directory, which rebuilds it from whatever its source tree holds.
set -euo pipefail
a=$1; b=$2; work=$3; rounds=${4:-9}; requests=${5:-}
for build in "$a" "$b"; do ninja -C "$build" bench/bench-clients bench/bench-canned-server >/dev/null; done
pages=10; [ "$work" = list ] && pages=1000
portfile=$(mktemp)
taskset -c 0 "$a/bench/bench-canned-server" --pages "$pages" > "$portfile" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$portfile"' EXIT
while [ ! -s "$portfile" ]; do sleep 0.1; done
url=http://127.0.0.1:$(head -1 "$portfile")
extra=(); [ -n "$requests" ] && extra=(-n "$requests")
declare -A figures=([A]="" [B]="" [curl]="")
for ((round = 1; round <= rounds; round++)); do
  for who in A B curl; do
    case $who in
      A) line=$(taskset -c 1 "$a/bench/bench-clients" gaws "$work" "${extra[@]}" --url "$url" | tail -1) ;;
      B) line=$(taskset -c 1 "$b/bench/bench-clients" gaws "$work" "${extra[@]}" --url "$url" | tail -1) ;;
      curl) line=$(taskset -c 1 "$a/bench/bench-clients" curl "$work" "${extra[@]}" --url "$url" | tail -1) ;;
    esac
    figures[$who]+=" $(python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print("%.2f" % (d["cpu_us"] / d["requests"]))' "$line")"
  done
done
for who in A B curl; do
  median=$(tr ' ' '\n' <<< "${figures[$who]}" | sed '/^$/d' | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
  echo "$who ($([ $who = A ] && echo "$a" || { [ $who = B ] && echo "$b" || echo plain libcurl; })): CPU us/request${figures[$who]}; median $median"
done
