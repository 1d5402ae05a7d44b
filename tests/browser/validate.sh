#!/usr/bin/env bash
# Runs the HTML stock reports of examples/clinic-stock.csv and of a stock with kits
# (tests/unit/catalog/testdata/kit_stock.csv) through HTML Tidy
# (Debian's `tidy`, HTML5 aware): any warning or error fails.
#   validate.sh AFTERCARE_BINARY SOURCE_DIR
# Exits 77 (ctest SKIP_RETURN_CODE) only when tidy is not installed.
set -uo pipefail
bin="$1"; src="$2"
command -v tidy >/dev/null || { echo "skipped: tidy is not installed (tools/setup.sh installs it)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The example stock, and a stock with kits (their sub-products get rows of their own).
fail=0
for stock in "$src/examples/clinic-stock.csv" "$src/tests/unit/catalog/testdata/kit_stock.csv"; do
  "$bin" stock "$stock" --format html -o "$work/report.html" || { echo "aftercare stock $stock failed"; exit 1; }
  tidy -quiet -errors --show-warnings yes "$work/report.html" > "$work/tidy.log" 2>&1
  code=$?
  cat "$work/tidy.log"
  if (( code != 0 )) || [[ -s "$work/tidy.log" ]]; then echo "FAIL: tidy reports the above for $stock (exit $code)"; fail=1; fi
done
(( fail == 0 )) && echo "ok: tidy reports no warning and no error"
exit $fail
