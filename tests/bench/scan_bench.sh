#!/usr/bin/env bash
# scan_bench: times `aftercare scan` on benchmark catalogs (tools/make_catalog.sh)
# with 1 and 2 threads, summary JSONL output, with the memo of repeated
# products (--memo-mb, default 64) and without it (--memo-mb 0), and checks
# that every output is byte-identical (by SHA-256, so that no multi-GB output
# is kept on disk). A program that prints numbers, never a test.
#   tests/bench/scan_bench.sh CATALOG.jsonl... [-- extra scan flags]
#   THREADS="1 2" MEMO_MB="64 0" tests/bench/scan_bench.sh ...   (the defaults)
# Prints per catalog, thread count and memo size: products, seconds,
# products/s, peak RSS, and the machine's load average before the run.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin="${BUILD_DIR:-build}/aftercare"
catalogs=(); extra=()
while (($#)); do
  if [[ "$1" == "--" ]]; then shift; extra=("$@"); break; fi
  catalogs+=("$1"); shift
done
printf '%-22s %7s %7s %10s %8s %12s %8s %6s  %s\n' catalog threads memo_mb products seconds products/s peak_MB load sha256
for c in "${catalogs[@]}"; do
  n=$(wc -l < "$c")
  first=""; same=1
  for m in ${MEMO_MB:-64 0}; do
    for t in ${THREADS:-1 2}; do
      tf=$(mktemp /tmp/scan_bench_time.XXXXXX)
      load=$(cut -d' ' -f1 /proc/loadavg)
      start=$(date +%s.%N)
      sum=$(/usr/bin/time -f '%M' -o "$tf" "$bin" scan "$c" --day 3 --threads "$t" --memo-mb "$m" "${extra[@]}" \
              2>/dev/null | sha256sum | cut -c1-16)
      end=$(date +%s.%N)
      rss_kb=$(tail -n1 "$tf"); rm -f "$tf"
      secs=$(echo "$end - $start" | bc -l)
      printf '%-22s %7s %7s %10s %8.1f %12.0f %8.0f %6s  %s\n' "$(basename "$c")" "$t" "$m" "$n" "$secs" \
        "$(echo "$n / $secs" | bc -l)" "$(echo "$rss_kb / 1024" | bc -l)" "$load" "$sum"
      [[ -z "$first" ]] && first=$sum
      [[ "$sum" == "$first" ]] || same=0
    done
  done
  ((same)) && echo "  $(basename "$c"): output identical for every thread count and memo size" \
           || echo "  $(basename "$c"): OUTPUT DIFFERS between runs"
done
