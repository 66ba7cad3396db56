#!/usr/bin/env bash
# Load check of `sitrep serve`: REQUESTS (default 20,000) GET /api/search requests at concurrency
# 32 over loopback, cycling through the 145 queries of benches/queries.txt (plain words, phrases,
# OR/NOT, prefix and fuzzy, field: syntax, date/region/actor filters), each answer with 10 hits,
# snippets and all facet trees. Fails unless every request got a 2xx answer; prints requests/s
# and latency percentiles.
#
#   benches/load-serve.sh [CORPUS]        CORPUS defaults to the bundled corpus/
#   INDEX=DIR benches/load-serve.sh       serve an index built before (the 1M index of
#                                         benches/scale.sh), read only, instead of building one
#
# Needs wrk (Debian: apt-get install wrk). Works in target/load-serve.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${1:-corpus}
export REQUESTS=${REQUESTS:-20000}
CONNECTIONS=32
export THREADS=2
WORK=target/load-serve
mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

echo "== building sitrep (release)"
cargo build --release --quiet
BIN=target/release/sitrep
IDX=${INDEX:-$WORK/idx}
if [ -z "${INDEX:-}" ]; then
  "$BIN" --index "$IDX" index --rebuild --quiet "$CORPUS"
fi

"$BIN" --index "$IDX" serve --addr 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  grep -q http:// "$WORK/serve.out" 2>/dev/null && break
  sleep 0.1
done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/serve.out") || { cat "$WORK/serve.err" >&2; exit 2; }
echo "== server at $URL, $("$BIN" --index "$IDX" stats --json | grep -o '"documents":[0-9]*')"

# Every query of the mix must be valid (the batch mode fails on a bad line), so any non-2xx
# answer under load is the server's fault.
"$BIN" --index "$IDX" search --queries benches/queries.txt --json >/dev/null || [ $? -eq 1 ]

echo "== wrk: $REQUESTS requests, $CONNECTIONS connections, $THREADS threads"
export DONE_DIR=$WORK/done
rm -rf "$DONE_DIR" && mkdir -p "$DONE_DIR"
wrk -t"$THREADS" -c"$CONNECTIONS" -d3600s --timeout 10s -s benches/load-serve.lua "$URL" >"$WORK/wrk.out" &
WRK=$!
# When every thread has its share, SIGINT makes wrk stop and report the real duration.
while kill -0 "$WRK" 2>/dev/null && [ "$(ls "$DONE_DIR" | wc -l)" -lt "$THREADS" ]; do sleep 0.2; done
kill -INT "$WRK" 2>/dev/null || true
wait "$WRK" || true
cat "$WORK/wrk.out"
grep -q '^errors: 0 ' "$WORK/wrk.out" || { echo "FAILED: some requests failed" >&2; exit 1; }
requests=$(sed -n 's/^requests: \([0-9]*\) .*/\1/p' "$WORK/wrk.out")
[ "$requests" -ge "$REQUESTS" ] || { echo "FAILED: only $requests requests completed" >&2; exit 1; }
echo "== ok: $requests requests, zero errors"
