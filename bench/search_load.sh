#!/usr/bin/env bash
# What a search loads on a province-scale site (issue 10; BENCHMARKS.md "Search index size").
#
#   bash bench/search_load.sh [UNITS] [QUERY...]     # default: 46000 and the queries below
#
# Builds the synthetic site of UNITS units (`starboard dev generate`, as bench/run.sh; the content
# is reused from $BENCH_DIR/content-UNITS when it is there), then runs the site's own
# `assets/search.js` under node for each query (bench/search_load.mjs) and prints the results it
# shows, the shards it loads and their bytes, and the size of the whole index.
# Environment: BENCH_DIR (default /tmp/starboard-bench), SEED (default 1), OUT (output dir,
# default /tmp/search-UNITS; an old one is moved to $BENCH_DIR/trash, not deleted), STARBOARD
# (binary; default: cargo build --release and target/release/starboard, honouring
# CARGO_TARGET_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-46000}
[ $# -gt 0 ] && shift
queries=("$@")
work=${BENCH_DIR:-/tmp/starboard-bench}
out=${OUT:-/tmp/search-$n}
mkdir -p "$work/trash"
command -v node >/dev/null || { echo "needs node" >&2; exit 1; }

if [ -z "${STARBOARD:-}" ]; then
  cargo build --release --quiet
  STARBOARD=${CARGO_TARGET_DIR:-$PWD/target}/release/starboard
fi
content="$work/content-$n"
if [ ! -f "$content/site.yaml" ]; then
  rm -rf "$content"
  "$STARBOARD" dev generate --units "$n" --out "$content" --seed "${SEED:-1}" 2>/dev/null
fi
# A full village name of this site: the first unit file's name.
if [ ${#queries[@]} -eq 0 ]; then
  unit=$(find "$content/regions" -name '*.yaml' ! -name '_index.yaml' -print -quit)
  village=$(sed -n 's/^name: //p' "$unit" | head -1)
  queries=(村 dc 张 王 zj "$village" 星级评定 道路硬化 dcdcdcd)
fi
[ -e "$out" ] && mv "$out" "$(mktemp -d "$work/trash/XXXXXX")/"
"$STARBOARD" build --content "$content" --output "$out" --today 2025-12-20 2>&1 | tail -1
echo "search at $n units ($out):"
node bench/search_load.mjs "$out" "${queries[@]}"
