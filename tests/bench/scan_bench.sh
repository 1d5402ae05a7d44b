#!/usr/bin/env bash
# scan_bench: times `aftercare scan` on benchmark catalogs (tools/make_catalog.sh)
# with 1 and 2 threads, summary JSONL output, and checks that both outputs are
# byte-identical (by SHA-256, so that no multi-GB output is kept on disk).
# A program that prints numbers, never a test.
#   tests/bench/scan_bench.sh CATALOG.jsonl... [-- extra scan flags]
# Prints per catalog and thread count: products, seconds, products/s, peak RSS.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin="${BUILD_DIR:-build}/aftercare"
catalogs=(); extra=()
while (($#)); do
  if [[ "$1" == "--" ]]; then shift; extra=("$@"); break; fi
  catalogs+=("$1"); shift
done
printf '%-28s %7s %10s %8s %12s %10s  %s\n' catalog threads products seconds products/s peak_MB sha256
for c in "${catalogs[@]}"; do
  declare -A sums=()
  for t in 1 2; do
    tf=$(mktemp /tmp/scan_bench_time.XXXXXX)
    start=$(date +%s.%N)
    sum=$(/usr/bin/time -f '%M' -o "$tf" "$bin" scan "$c" --day 3 --threads "$t" "${extra[@]}" 2>/dev/null | sha256sum | cut -c1-16)
    end=$(date +%s.%N)
    rss_kb=$(tail -n1 "$tf"); rm -f "$tf"
    n=$(wc -l < "$c")
    secs=$(echo "$end - $start" | bc -l)
    printf '%-28s %7s %10s %8.1f %12.0f %10.0f  %s\n' "$(basename "$c")" "$t" "$n" "$secs" \
      "$(echo "$n / $secs" | bc -l)" "$(echo "$rss_kb / 1024" | bc -l)" "$sum"
    sums[$t]=$sum
  done
  [[ "${sums[1]}" == "${sums[2]}" ]] && echo "  $(basename "$c"): output identical for 1 and 2 threads" \
                                     || echo "  $(basename "$c"): OUTPUT DIFFERS between 1 and 2 threads"
done
