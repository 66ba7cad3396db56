#!/usr/bin/env bash
# Builds the same generated corpus with sitrep and with tantivy-cli in one run and prints
# build time, peak memory, index size and query latency side by side, with the ratios.
#
#   benches/compare-peers.sh [N|DIR] [DATA]  N generated articles (default 100000), or every
#                                            JSON Lines file of DIR (e.g. the real corpus of
#                                            `build_corpus --benchmark`); DATA = ../shared/data
#
# It installs tantivy-cli 0.24.0 from crates.io into target/peers (once), generates the corpus
# with examples/gen_corpus.rs (deterministic), and works in target/peers. Both engines index with
# 2 threads. tantivy-cli indexes id, date, title, body and source with its English stemmer and
# nothing else; sitrep also parses, extracts regions and actors, and builds three facet fields.
# Queries: the plain lines of benches/queries.txt (no filters, no field: syntax, no prefix or
# fuzzy, which tantivy-cli's parser does not share), timed by each tool itself: tantivy-cli's
# `bench` (count + top 10, then fetching documents), sitrep's `search --queries --json` took_ms
# (top 10 with stored fields and snippets, the product's normal output).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-100000}
DATA=${2:-../shared/data}
WORK=target/peers
TCLI=$WORK/bin/tantivy
mkdir -p "$WORK"

echo "== building sitrep, the generator and the query bench"
cargo build --release --quiet --example gen_corpus --example bench_queries
cargo build --release --quiet
if [ ! -x "$TCLI" ]; then
  echo "== installing tantivy-cli 0.24.0 into $WORK (once)"
  cargo install --quiet tantivy-cli --version 0.24.0 --root "$WORK"
fi

if [ -d "$N" ]; then
  CORPUS=$N
else
  CORPUS=$WORK/corpus-$N
fi
if [ ! -d "$CORPUS" ]; then
  echo "== generating $N articles"
  target/release/examples/gen_corpus "$N" "$CORPUS" --data "$DATA"
fi
BYTES=$(cat "$CORPUS"/*.jsonl | wc -c)
N=$(cat "$CORPUS"/*.jsonl | wc -l)

measure() { # label, then the command; prints "seconds peak_kb"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/$label.time" "$@" > "$WORK/$label.out" 2> "$WORK/$label.err" \
    || { echo "$label failed:"; tail -5 "$WORK/$label.err"; exit 1; }
  cat "$WORK/$label.time"
}

echo "== indexing with sitrep"
rm -rf "$WORK/sitrep-idx"
read -r S_SECS S_KB < <(measure sitrep-index target/release/sitrep --index "$WORK/sitrep-idx" index -q "$CORPUS")

echo "== indexing with tantivy-cli"
rm -rf "$WORK/tcli-idx" && mkdir -p "$WORK/tcli-idx"
cat > "$WORK/tcli-idx/meta.json" <<'JSON'
{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"opstamp":0,
 "schema":[
  {"name":"id","type":"text","options":{"indexing":{"record":"basic","fieldnorms":false,"tokenizer":"raw"},"stored":true,"fast":false}},
  {"name":"date","type":"text","options":{"indexing":{"record":"basic","fieldnorms":false,"tokenizer":"raw"},"stored":true,"fast":false}},
  {"name":"title","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":true,"fast":false}},
  {"name":"body","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":true,"fast":false}},
  {"name":"source","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":true,"fast":false}}
 ]}
JSON
read -r T_SECS T_KB < <(measure tcli-index sh -c "cat $CORPUS/*.jsonl | $TCLI index -i $WORK/tcli-idx -t 2")

S_SIZE=$(du -sb "$WORK/sitrep-idx" | cut -f1)
T_SIZE=$(du -sb "$WORK/tcli-idx" | cut -f1)

echo "== queries"
grep -v '^#' benches/queries.txt | grep -v $'\t' | grep -v '[*~:]' | grep -v '^ *$' > "$WORK/plain-queries.txt"
Q=$(wc -l < "$WORK/plain-queries.txt")
target/release/sitrep --index "$WORK/sitrep-idx" search --json --queries "$WORK/plain-queries.txt" > "$WORK/sitrep-queries.jsonl" || true
"$TCLI" bench -i "$WORK/tcli-idx" -q "$WORK/plain-queries.txt" -n 3 > "$WORK/tcli-bench.txt"
target/release/examples/bench_queries "$WORK/sitrep-idx" --queries "$WORK/plain-queries.txt" --runs 3 > "$WORK/sitrep-bench.txt"

python3 - "$WORK" "$N" "$BYTES" "$S_SECS" "$S_KB" "$T_SECS" "$T_KB" "$S_SIZE" "$T_SIZE" "$Q" <<'PY'
import json, sys, statistics
work, n, size, s_secs, s_kb, t_secs, t_kb, s_size, t_size, q = sys.argv[1:]
n, size, q = int(n), int(size), int(q)
s_secs, t_secs = float(s_secs), float(t_secs)
def pct(xs, p): xs = sorted(xs); return xs[min(len(xs) - 1, int(p * len(xs)))]
sitrep = [json.loads(l)["took_ms"] for l in open(f"{work}/sitrep-queries.jsonl") if "took_ms" in l]
tcli, section = [], None
for line in open(f"{work}/tcli-bench.txt"):
    if line.startswith("SEARCH"): section = "search"; continue
    if line.startswith("FETCH"): section = None
    parts = line.rstrip("\n").split("\t")
    if section == "search" and len(parts) == 3 and parts[2].isdigit():
        tcli.append(int(parts[2]) / 1000)
# bench_queries' row "all ids+count": the same work as tantivy-cli's bench (count + top 10 ids).
s_count = next([float(x) for x in l.split()[2:4]] for l in open(f"{work}/sitrep-bench.txt")
               if l.split()[:2] == ["all", "ids+count"])
mb = size / 1e6
print(f"\n{n} articles, {mb:.1f} MB of JSON Lines, {q} plain queries")
print(f"{'':24}{'sitrep':>14}{'tantivy-cli':>14}{'ratio':>8}")
print(f"{'index build (s)':24}{s_secs:>14.1f}{t_secs:>14.1f}{s_secs / t_secs:>8.2f}")
print(f"{'throughput (MB/s)':24}{mb / s_secs:>14.1f}{mb / t_secs:>14.1f}")
print(f"{'peak RSS (MB)':24}{int(s_kb) / 1024:>14.0f}{int(t_kb) / 1024:>14.0f}")
print(f"{'index size (% input)':24}{100 * int(s_size) / size:>14.0f}{100 * int(t_size) / size:>14.0f}")
print(f"{'query p50, count+top 10':24}{s_count[0]:>14.2f}{pct(tcli, .5):>14.2f}{s_count[0] / pct(tcli, .5):>8.2f}")
print(f"{'query p99, count+top 10':24}{s_count[1]:>14.2f}{pct(tcli, .99):>14.2f}{s_count[1] / pct(tcli, .99):>8.2f}")
print(f"{'sitrep p50/p99, snippets':24}{pct(sitrep, .5):>8.2f} / {pct(sitrep, .99):<5.2f}")
print("count+top 10: the exact hit count and the 10 best ids, as tantivy-cli's bench measures;")
print("snippets: sitrep's whole answer (count, top 10 with stored fields and snippets), its took_ms.")
PY
