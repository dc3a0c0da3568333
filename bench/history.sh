#!/usr/bin/env bash
# Benchmark: how much the 变更记录 (git history) adds to a build of a large county.
# Generates UNITS unit records in TOWNS towns inside a fresh git repository with COMMITS commits
# (the first adds every record; each later one changes income in a tenth of them), then times
# `starboard build` of that content with the repository and of a copy without `.git`.
#   bash bench/history.sh [UNITS] [COMMITS]       (defaults: 46000 units, 5 commits)
set -euo pipefail
cd "$(dirname "$0")/.."
UNITS=${1:-46000}
COMMITS=${2:-5}
TOWNS=$(( (UNITS + 199) / 200 ))
cargo build --release --quiet
BIN=$PWD/target/release/starboard
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK/repo/content" "$UNITS" "$TOWNS" 0 <<'PY'
import os, sys
root, units, towns, rev = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(f"{root}/regions", exist_ok=True)
open(f"{root}/site.yaml", "w").write("title: 基准测试县公开栏\nbase_url: https://example.gov.cn/bench/\ncurrent_year: 2024\nhotline: \"0374-1234567\"\n")
open(f"{root}/regions/_index.yaml", "w").write("name: 基准县\nkind: county\n")
stars = ["产业兴旺星", "生态宜居星", "平安法治星", "文明幸福星"]
for t in range(towns):
    os.makedirs(f"{root}/regions/t{t}", exist_ok=True)
    open(f"{root}/regions/t{t}/_index.yaml", "w").write(f"name: 第{t}镇\nkind: town\n")
for u in range(units):
    t = u % towns
    s = ", ".join(stars[: u % 5])
    open(f"{root}/regions/t{t}/u{u}.yaml", "w").write(
        f"name: 第{u}村\nstars:\n  2023: [{s}]\n  2024: [{s}]\nincome:\n  2023: {100000 + u}\n  2024: {200000 + u}\n")
PY
cd "$WORK/repo"
git init -q && git add -A && git -c user.name=bench -c user.email=b@example.cn commit -qm "录入全部记录"
for c in $(seq 2 "$COMMITS"); do
  python3 - "$WORK/repo/content" "$UNITS" "$TOWNS" "$c" <<'PY'
import sys
root, units, towns, rev = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for u in range(rev % 10, units, 10):
    p = f"{root}/regions/t{u % towns}/u{u}.yaml"
    text = open(p).read().replace(f"2024: {200000 + u}", f"2024: {200000 + u + rev}")
    open(p, "w").write(text)
PY
  git add -A && git -c user.name=bench -c user.email=b@example.cn commit -qm "更正收入 第${c}次"
done
cp -r "$WORK/repo/content" "$WORK/plain"
t() { local s e; s=$(date +%s.%N); "$BIN" build --content "$1" --output "$WORK/out-$2" --today 2024-12-20 2>/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
echo "units=$UNITS commits=$COMMITS"
echo "build without git:  $(t "$WORK/plain" plain) s"
echo "build with history: $(t "$WORK/repo/content" repo) s"
echo "history entries of one unit: $(python3 -c "import json,sys;print(len(json.load(open('$WORK/out-repo/t0/u0/data.json'))['history']))")"
