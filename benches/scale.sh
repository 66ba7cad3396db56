#!/usr/bin/env bash
# Cost growth from 100,000 to 1,000,000 generated articles (issue 4): for each size, build time,
# peak memory (anonymous and file-backed RSS, sampled every second), index size, in-process query
# latency per mode (examples/bench_queries.rs, all of benches/queries.txt) and the wall time of
# a cold `sitrep search` process printing 10 hits with snippets.
#
#   benches/scale.sh [DATA] [SIZES...]      DATA = ../shared/data, SIZES = 100000 300000 1000000
#
# Works in target/scale (the 1M corpus is 3.8 GB, its index ~3.3 GB). The corpus of the largest
# size is generated once; smaller sizes index its first part files (the generator's first M
# articles of a run of N are a run of M, 5,000 to a file).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${1:-../shared/data}
shift || true
SIZES=("${@:-100000 300000 1000000}")
read -r -a SIZES <<< "${SIZES[*]}"
WORK=target/scale
MAX=${SIZES[-1]}
mkdir -p "$WORK"

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus --example bench_queries
if [ ! -f "$WORK/corpus-$MAX.done" ]; then
  target/release/examples/gen_corpus "$MAX" "$WORK/corpus-$MAX" --data "$DATA"
  touch "$WORK/corpus-$MAX.done"
fi

# Peak RssAnon and RssFile (KB) of a process, sampled every second until it exits.
sample_rss() {
  local pid=$1 anon=0 file=0 a f
  while kill -0 "$pid" 2>/dev/null; do
    a=$(awk '/RssAnon/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    f=$(awk '/RssFile/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${a:-0}" -gt "$anon" ] && anon=$a
    [ "${f:-0}" -gt "$file" ] && file=$f
    sleep 1
  done
  echo "$anon $file"
}

for N in "${SIZES[@]}"; do
  CORPUS=$WORK/corpus-$MAX
  if [ "$N" != "$MAX" ]; then
    CORPUS=$WORK/subset-$N
    rm -rf "$CORPUS" && mkdir -p "$CORPUS"
    for f in $(ls "$WORK/corpus-$MAX"/part-*.jsonl | head -n $((N / 5000))); do
      ln -s "$(realpath "$f")" "$CORPUS/"
    done
  fi
  IDX=$WORK/idx-$N
  rm -rf "$IDX"
  echo "== $N articles: indexing"
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time-$N" \
    target/release/sitrep --index "$IDX" index -q "$CORPUS" > "$WORK/index-$N.out" &
  sleep 0.5
  read -r ANON FILE < <(sample_rss "$(pgrep -n -f "sitrep --index $IDX index")")
  wait
  read -r SECS USER SYS MAXRSS < "$WORK/time-$N"
  BYTES=$(cat "$CORPUS"/*.jsonl | wc -c)
  SIZE=$(du -sbL "$IDX" | cut -f1)
  echo "build: ${SECS} s wall, $(echo "$USER + $SYS" | bc) s CPU, peak RSS $((MAXRSS / 1024)) MB" \
       "(anonymous $((ANON / 1024)) MB, file-backed $((FILE / 1024)) MB);" \
       "index $((SIZE / 1000000)) MB = $((100 * SIZE / BYTES))% of $((BYTES / 1000000)) MB"
  echo "== $N articles: queries in-process (warm)"
  target/release/examples/bench_queries "$IDX" --runs 3 | tee "$WORK/queries-$N.txt" | grep '^all'
  echo "== $N articles: cold processes (sitrep search QUERY, 10 hits with snippets, median of 11)"
  python3 - "$IDX" <<'PY'
import statistics, subprocess, sys, time
idx = sys.argv[1]
for q in ["wagner", "attack", "islamic state syria", '"drone strike"', "ceasefire OR truce"]:
    times = []
    for _ in range(11):
        t = time.perf_counter()
        subprocess.run(["target/release/sitrep", "--index", idx, "search", q, "--color", "never"],
                       stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - t) * 1000)
    print(f"  {q:24} median {statistics.median(times):6.1f} ms  (min {min(times):.1f}, max {max(times):.1f})")
PY
done
