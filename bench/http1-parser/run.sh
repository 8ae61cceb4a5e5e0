#!/bin/sh
# Instructions per typical DynamoDB response head (8 lines, a 200-byte
# Content-Length body) in the HTTP/1.1 parser, under callgrind.
#   bench/http1-parser/run.sh BUILD_DIR   (a -Dbench=true build)
set -e
build=${1:?usage: run.sh BUILD_DIR}
out=$(mktemp -d)
for n in 1000 2000; do
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$n" --toggle-collect="parse_one*" \
    "$build/bench/bench-http1-parser" "$n" 2>/dev/null
done
ir () { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'; }
a=$(ir "$out/cg.1000"); b=$(ir "$out/cg.2000")
echo "instructions per response (parse_one, inclusive): $(( (b - a) / 1000 ))"
callgrind_annotate --inclusive=yes "$out/cg.2000" 2>/dev/null | sed -n '/file:function/,$p' | head -20
rm -rf "$out"
