#!/usr/bin/env bash
# Builds the same corpus with sitrep and with tantivy-cli in one run and prints build time and
# CPU, peak memory, index size and query latency side by side, with the ratios.
#
#   benches/compare-peers.sh [N|DIR] [DATA] [TANTIVY]
#       N        generated articles (default 100000), or DIR: every JSON Lines file (*.jsonl) of
#                DIR, made by anyone: the real corpus of `build_corpus --benchmark`, or a held-out
#                corpus generated elsewhere
#       DATA     ../shared/data (what the generator resamples)
#       TANTIVY  tantivy-cli's binary (default: `tantivy` on PATH), installed outside the repository:
#                cargo install tantivy-cli --version 0.24.0 --root /some/dir
#                (not --locked: its lock file pins traitobject 0.1.0, which current rustc rejects)
#
# It generates the corpus with examples/gen_corpus.rs (deterministic) and works in target/peers
# (delete it afterwards: the 100k corpus and its three indexes take ~1.2 GB). Both engines index with
# 2 threads. tantivy-cli indexes id, date, title, body and source and nothing else, twice: with
# its English stemmer (`en_stem`, as sitrep stems) and with its default tokenizer (no stemming,
# what a plain tantivy-cli user gets); sitrep also parses, extracts regions and actors, and
# builds its facet fields. sitrep reads every file of DIR whatever its size (`--max-file-size`
# is raised to the largest); a JSON line without a field tantivy-cli knows is indexed empty.
# Queries: the plain lines of benches/queries.txt (no filters, no field: syntax, no prefix or
# fuzzy, which tantivy-cli's parser does not share), timed by each tool itself: tantivy-cli's
# `bench` (count + top 10, then fetching documents), sitrep's `search --queries --json` took_ms
# (top 10 with stored fields and snippets, the product's normal output).
set -euo pipefail
# Paths given are relative to where the script was started; the defaults to the repository.
TCLI=${3:-$(command -v tantivy || true)}
if [ -n "$TCLI" ] && [ -x "$TCLI" ]; then TCLI=$(realpath "$TCLI"); fi
N=${1:-100000}
if [ -d "$N" ]; then N=$(realpath "$N"); fi
DATA=${2:-}
if [ -n "$DATA" ]; then DATA=$(realpath -m "$DATA"); fi
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data}
WORK=target/peers
if [ -z "$TCLI" ] || [ ! -x "$TCLI" ]; then
  echo "compare-peers.sh: tantivy-cli not found (${3:-no \`tantivy\` on PATH}); install it outside the" \
       "repository (cargo install tantivy-cli --version 0.24.0 --root DIR) and pass its binary:" \
       " benches/compare-peers.sh ${1:-100000} ${2:-../shared/data} DIR/bin/tantivy" >&2
  exit 2
fi
mkdir -p "$WORK"

echo "== building sitrep, the generator and the query bench"
cargo build --release --quiet --example gen_corpus --example bench_queries
cargo build --release --quiet
echo "== peer: $TCLI ($("$TCLI" --version 2>&1 | head -1))"

if [ -d "$N" ]; then
  CORPUS=$N
else
  CORPUS=$WORK/corpus-$N
fi
if [ ! -d "$CORPUS" ]; then
  echo "== generating $N articles"
  target/release/examples/gen_corpus "$N" "$CORPUS" --data "$DATA"
fi
shopt -s nullglob
FILES=("$CORPUS"/*.jsonl)
if [ ${#FILES[@]} -eq 0 ]; then
  echo "compare-peers.sh: no JSON Lines file (*.jsonl) in $CORPUS" >&2
  exit 2
fi
BYTES=$(cat "${FILES[@]}" | wc -c)
N=$(cat "${FILES[@]}" | wc -l)
LARGEST=$(stat -c %s "${FILES[@]}" | sort -n | tail -1)

measure() { # label, then the command; prints "seconds peak_kb cpu_seconds"
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/$label.time" "$@" > "$WORK/$label.out" 2> "$WORK/$label.err" \
    || { echo "$label failed:" >&2; tail -5 "$WORK/$label.err" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$WORK/$label.time"
}

echo "== indexing with sitrep"
rm -rf "$WORK/sitrep-idx"
read -r S_SECS S_KB S_CPU < <(measure sitrep-index target/release/sitrep --index "$WORK/sitrep-idx" \
  index -q --max-file-size "$LARGEST" "$CORPUS")

tcli_index() { # tokenizer of title, body and source; prints "seconds peak_kb cpu_seconds"
  local idx=$WORK/tcli-idx-$1
  rm -rf "$idx" && mkdir -p "$idx"
  sed "s/TOKENIZER/$1/g" > "$idx/meta.json" <<'JSON'
{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"opstamp":0,
 "schema":[
  {"name":"id","type":"text","options":{"indexing":{"record":"basic","fieldnorms":false,"tokenizer":"raw"},"stored":true,"fast":false}},
  {"name":"date","type":"text","options":{"indexing":{"record":"basic","fieldnorms":false,"tokenizer":"raw"},"stored":true,"fast":false}},
  {"name":"title","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"TOKENIZER"},"stored":true,"fast":false}},
  {"name":"body","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"TOKENIZER"},"stored":true,"fast":false}},
  {"name":"source","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"TOKENIZER"},"stored":true,"fast":false}}
 ]}
JSON
  measure "tcli-index-$1" sh -c "cat \"\$@\" | $TCLI index -i $idx -t 2" sh "${FILES[@]}"
}

echo "== indexing with tantivy-cli, en_stem"
read -r T_SECS T_KB T_CPU < <(tcli_index en_stem)
echo "== indexing with tantivy-cli, default tokenizer"
read -r D_SECS D_KB D_CPU < <(tcli_index default)
# A failed build printed why (in a subshell, which cannot end this script).
[ -n "${S_CPU:-}" ] && [ -n "${T_CPU:-}" ] && [ -n "${D_CPU:-}" ] || exit 1
# The queries run against the en_stem index: it matches what sitrep matches.
ln -sfn tcli-idx-en_stem "$WORK/tcli-idx"

S_SIZE=$(du -sb "$WORK/sitrep-idx" | cut -f1)
T_SIZE=$(du -sb "$WORK/tcli-idx-en_stem" | cut -f1)
D_SIZE=$(du -sb "$WORK/tcli-idx-default" | cut -f1)

echo "== queries"
grep -v '^#' benches/queries.txt | grep -v $'\t' | grep -v '[*~:]' | grep -v '^ *$' > "$WORK/plain-queries.txt"
Q=$(wc -l < "$WORK/plain-queries.txt")
target/release/sitrep --index "$WORK/sitrep-idx" search --json --queries "$WORK/plain-queries.txt" > "$WORK/sitrep-queries.jsonl" || true
"$TCLI" bench -i "$WORK/tcli-idx-en_stem" -q "$WORK/plain-queries.txt" -n 3 > "$WORK/tcli-bench.txt"
target/release/examples/bench_queries "$WORK/sitrep-idx" --queries "$WORK/plain-queries.txt" --runs 3 > "$WORK/sitrep-bench.txt"

python3 - "$WORK" "$N" "$BYTES" "$Q" "$S_SECS" "$S_KB" "$S_CPU" "$S_SIZE" \
  "$T_SECS" "$T_KB" "$T_CPU" "$T_SIZE" "$D_SECS" "$D_KB" "$D_CPU" "$D_SIZE" <<'PY'
import json, sys, statistics
work, n, size, q = sys.argv[1:5]
n, size, q = int(n), int(size), int(q)
# (wall s, peak KB, CPU s, index bytes) of sitrep, tantivy-cli en_stem, tantivy-cli default
s, t, d = [tuple(float(x) for x in sys.argv[i:i + 4]) for i in (5, 9, 13)]
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
print(f"{'':24}{'sitrep':>10}{'tcli en_stem':>14}{'ratio':>8}{'tcli default':>14}{'ratio':>8}")
def row(label, i, fmt, scale=1.0):
    a, b, c = s[i] * scale, t[i] * scale, d[i] * scale
    print(f"{label:24}{a:>10{fmt}}{b:>14{fmt}}{a / b:>8.2f}{c:>14{fmt}}{a / c:>8.2f}")
row("index build, wall (s)", 0, ".1f")
row("index build, CPU (s)", 2, ".1f")
print(f"{'throughput (MB/s)':24}{mb / s[0]:>10.1f}{mb / t[0]:>14.1f}{'':>8}{mb / d[0]:>14.1f}")
row("peak RSS (MB)", 1, ".0f", 1 / 1024)
row("index size (% input)", 3, ".0f", 100 / size)
print(f"{'query p50, count+top 10':24}{s_count[0]:>10.2f}{pct(tcli, .5):>14.2f}{s_count[0] / pct(tcli, .5):>8.2f}")
print(f"{'query p99, count+top 10':24}{s_count[1]:>10.2f}{pct(tcli, .99):>14.2f}{s_count[1] / pct(tcli, .99):>8.2f}")
print(f"{'sitrep p50/p99, snippets':24}{pct(sitrep, .5):>6.2f} / {pct(sitrep, .99):<5.2f}")
print("ratio: sitrep over the peer; the build targets compare CPU (issue 21: <= 1.0x en_stem, <= 1.5x default).")
print("count+top 10: the exact hit count and the 10 best ids, as tantivy-cli's bench measures;")
print("snippets: sitrep's whole answer (count, top 10 with stored fields and snippets), its took_ms.")
PY
