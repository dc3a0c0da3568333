#!/usr/bin/env bash
# Province-scale benchmark: starboard vs Hugo on the same synthetic sites (see BENCHMARKS.md).
#
#   bash bench/run.sh [UNITS...]        # default: 1000 10000 46000
#
# For each size: generates the content once (`starboard dev generate`), then measures
#   - starboard full build (fresh output dir), no-op rebuild (same inputs), rebuild (`--force`,
#     as after an edit: the second one, which stages into the kept `.out-N.spare`), peak RSS;
#   - Hugo full build and rebuild of the same pages (`starboard dev hugo-site`: one page per
#     unit and per region; region figures counted in Hugo's templates, not precomputed).
# Times are wall-clock seconds and peak RSS is MiB, both from /usr/bin/time -v.
# Old outputs are moved to $BENCH_DIR/trash and deleted only at the end: on ext4 without a
# journal, creating files within minutes of deleting many is several times slower (the inode
# allocator skips recently deleted inodes one by one), which would charge one run's cleanup
# to the next run's build. Each run starts after a `sync`, so the write-back of the previous
# run's output is not charged to it either, and each full build (starboard's and Hugo's) from an
# emptied page cache with its inputs read back in (`fresh_caches`).
# Environment: BENCH_DIR (work dir, default /tmp/starboard-bench), SEED (default 1),
# STARBOARD (binary; default: cargo build --release and target/release/starboard).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 46000)
work=${BENCH_DIR:-/tmp/starboard-bench}
seed=${SEED:-1}
today=2025-12-20
mkdir -p "$work" "$work/trash"
trash() { for d in "$@"; do [ -e "$d" ] && mv "$d" "$(mktemp -d "$work/trash/XXXXXX")/"; done; return 0; }

if [ -z "${STARBOARD:-}" ]; then
  cargo build --release --quiet
  STARBOARD=$PWD/target/release/starboard
fi
if ! command -v hugo >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq hugo >/dev/null
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

# fresh_caches DIR... : writes back and empties the page cache, then reads DIR... (the inputs)
# back in, so a full build starts from the same memory whatever ran before it: its inputs
# cached, no earlier output. A 46k build that found earlier outputs still cached (a 46k output
# is ~8 GB of page, inode and directory cache) took 23–34 s instead of 20–22 s: the kernel
# reclaimed them while the build made its files (BENCHMARKS.md). Needs root or sudo without a
# password; else says so once and goes on with whatever is cached.
fresh_caches() {
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then
    echo 3 >/proc/sys/vm/drop_caches
  elif sudo -n true 2>/dev/null; then
    sudo sh -c 'echo 3 > /proc/sys/vm/drop_caches'
  else
    [ -n "${cache_warned:-}" ] || echo "note: cannot drop the page cache (not root): full builds start with whatever is cached" >&2
    cache_warned=1
    return 0
  fi
  for d in "$@"; do find "$d" -type f -exec cat {} + >/dev/null; done
}

# Steal and total jiffies of all CPUs so far (/proc/stat).
cpu_jiffies() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print $9, t }' /proc/stat; }

# measure LABEL CMD... : runs CMD under /usr/bin/time -v; sets $secs, $mib, $cpu (user + system
# seconds) and $steal (% of the machine's CPU time the host took during the run); fails loudly.
measure() {
  local label=$1; shift
  local log="$work/$label.time" st0 all0 st1 all1
  # The previous run's gigabytes still being written back would take CPU from this one.
  sync
  read -r st0 all0 < <(cpu_jiffies)
  if ! /usr/bin/time -v "$@" >"$work/$label.out" 2>"$log"; then
    echo "FAILED: $label: $*" >&2; tail -20 "$log" >&2; exit 1
  fi
  read -r st1 all1 < <(cpu_jiffies)
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$log")
  mib=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$log")
  steal=$(awk -v s="$((st1 - st0))" -v t="$((all1 - all0))" 'BEGIN { printf "%.1f", (t > 0 ? 100 * s / t : 0) }')
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

rows=()
for n in "${sizes[@]}"; do
  content="$work/content-$n"
  hugo_src="$work/hugo-$n"
  if [ ! -f "$content/site.yaml" ]; then
    rm -rf "$content" "$hugo_src"
    "$STARBOARD" dev generate --units "$n" --out "$content" --seed "$seed" 2>/dev/null
  fi
  if [ ! -f "$hugo_src/config.json" ]; then
    rm -rf "$hugo_src"
    "$STARBOARD" dev hugo-site --content "$content" --out "$hugo_src" 2>/dev/null
  fi
  out="$work/out-$n"
  hugo_out="$work/hugo-out-$n"
  trash "$out" "$work/.out-$n.spare" "$hugo_out" "$hugo_src/resources"

  fresh_caches "$content" "$STARBOARD"
  measure "sb-full-$n" "$STARBOARD" build --content "$content" --output "$out" --today "$today"
  sb_full=$secs sb_rss=$mib sb_cpu=$cpu sb_steal=$steal
  measure "sb-noop-$n" "$STARBOARD" build --content "$content" --output "$out" --today "$today"
  sb_noop=$secs
  grep -q "无变化" "$work/sb-noop-$n.time" || { echo "no-op rebuild of $n did rebuild" >&2; exit 1; }
  measure "sb-rebuild1-$n" "$STARBOARD" build --content "$content" --output "$out" --today "$today" --force
  measure "sb-rebuild-$n" "$STARBOARD" build --content "$content" --output "$out" --today "$today" --force
  sb_rebuild=$secs
  sb_pages=$(find "$out" -name index.html | wc -l)
  sb_files=$(find "$out" -type f | wc -l)

  fresh_caches "$hugo_src" "$(command -v hugo)"
  measure "hugo-full-$n" hugo --source "$hugo_src" --destination "$hugo_out" --quiet
  hugo_full=$secs hugo_rss=$mib hugo_cpu=$cpu
  measure "hugo-again-$n" hugo --source "$hugo_src" --destination "$hugo_out" --quiet
  hugo_again=$secs
  hugo_pages=$(find "$hugo_out" -name index.html | wc -l)

  rows+=("$n $sb_pages $sb_files $sb_full $sb_cpu $sb_steal $sb_noop $sb_rebuild $sb_rss $hugo_pages $hugo_full $hugo_cpu $hugo_again $hugo_rss $(ratio "$sb_full" "$hugo_full") $(ratio "$sb_rss" "$hugo_rss")")
  echo "done: $n units" >&2
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -h | awk '/Mem:/ { print $2 }') RAM; $("$STARBOARD" --version); $(hugo version | cut -d' ' -f1-2)"
fmt='%-7s | %-8s %-8s %-9s %-8s %-7s %-9s %-10s %-8s | %-8s %-9s %-8s %-9s %-8s | %-10s %-9s\n'
# shellcheck disable=SC2059
printf "$fmt" units sb_pages sb_files sb_full_s sb_cpu_s steal% sb_noop_s sb_rebuild sb_rss_M \
  hugo_pgs hugo_full hugo_cpu hugo_agn hugo_rss "time sb/h" "rss sb/h"
for row in "${rows[@]}"; do
  # shellcheck disable=SC2059,SC2086
  printf "$fmt" $row
done
echo "full builds start from an emptied page cache with their inputs read back in; cpu = user + system seconds; steal% = CPU time the host took during starboard's full build"
if [ ${#rows[@]} -ge 2 ]; then
  read -r -a a <<<"${rows[-2]}"; read -r -a b <<<"${rows[-1]}"
  echo "scaling ${a[0]} → ${b[0]} units (×$(ratio "${b[0]}" "${a[0]}")): starboard time ×$(ratio "${b[3]}" "${a[3]}"), Hugo time ×$(ratio "${b[10]}" "${a[10]}")"
fi
rm -rf "$work/trash"
