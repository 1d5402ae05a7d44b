#!/usr/bin/env bash
# CI's ThreadSanitizer step (tools/test.sh): builds the library, the CLI and the
# test binary with -fsanitize=thread (g++, build-tsan/), then runs what scans with
# more than one thread:
#   - the Scanner gtest cases (1 and 4 workers, shared memo, failed write),
#     issue 20's scan of hostile rows through the CLI, and the server's cases
#     (HttpServer, Service: a worker pool, uploads scanned two at a time);
#   - the golden `aftercare scan` cases (ctest cli.scan_*: --threads 2, or one per core);
#   - `aftercare scan --threads 2` over examples/clinic-stock.csv and, when
#     ../shared is beside the checkout, over a real 1,138-product CSV catalog
#     and a real 1,000-product gzipped JSON Lines one (several batches in
#     flight, the memo shared by both workers).
# Any TSan report fails the step (halt_on_error=1, exit code 66).
# libstdc++.so, {fmt}, RE2, ICU, SQLite and GoogleTest come from Debian, not built
# with TSan: the memory accesses made inside them are not seen (a race there, say
# two threads formatting into one buffer inside libfmt, would be missed; none of
# them reports a false one), while their locks and threads are, through TSan's
# pthread interceptors. What we compile is instrumented, libstdc++'s templates
# included (std::string too: C++20 instantiates it here, not in libstdc++.so).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f build-tsan/CMakeCache.txt ]]; then
  GENERATOR=()
  command -v ninja >/dev/null && GENERATOR=(-G Ninja)
  cmake -S . -B build-tsan "${GENERATOR[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAFTERCARE_WERROR=ON \
    -DAFTERCARE_SANITIZE_THREAD=ON -DAFTERCARE_BUILD_TESTS=ON >/dev/null
fi
# Only what these runs need (not serve_bench nor the benchmarks).
cmake --build build-tsan --target aftercare_tests aftercare --parallel "$(nproc)"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"

echo "== TSan: the Scanner, issue 20's threaded scan, the server"
build-tsan/aftercare_tests --gtest_filter='Scanner.*:Issue20.Scan*:HttpServer.*:Service.*' --gtest_brief=1

echo "== TSan: the golden scan cases"
ctest --test-dir build-tsan --output-on-failure --parallel "$(nproc)" -R '^cli\.scan_'

echo "== TSan: aftercare scan --threads 2 over real catalogs"
catalogs=(examples/clinic-stock.csv)
# A CSV and a gzipped JSON Lines catalog: each format has its own row decoder
# and decoder scratch per worker.
for real in ../shared/data/products/lookfantastic_skincare_1138/skincare_products_clean.csv \
  ../shared/data/products/openbeautyfacts_sample_1000/openbeautyfacts-products-min.jsonl.gz; do
  if [[ -f "$real" ]]; then catalogs+=("$real"); else echo "(no $real: not scanned)"; fi
done
for c in "${catalogs[@]}"; do
  status=0
  build-tsan/aftercare --db build-tsan/aftercare.db scan --threads 2 --day 3 "$c" > build-tsan/scan.jsonl \
    2> build-tsan/scan.err || status=$?
  summary=$(tail -n 1 build-tsan/scan.err)
  # 0: every row scanned. 2 with the closing summary: every row scanned, some of
  # them bad rows (real catalogs have rows with no ingredient list: each is an
  # error record, none is dropped). Anything else is a failure, 66 a TSan report.
  if [[ "$status" != 0 && ! ("$status" == 2 && "$summary" == scan:*) ]]; then
    cat build-tsan/scan.err >&2
    echo "tsan: aftercare scan $c exited $status" >&2
    exit 1
  fi
  echo "$c: $(wc -l < build-tsan/scan.jsonl) records, no TSan report (${summary})"
done
