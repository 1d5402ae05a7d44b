#!/usr/bin/env bash
# Runs the HTML stock report of examples/clinic-stock.csv through HTML Tidy
# (Debian's `tidy`, HTML5 aware): any warning or error fails.
#   validate.sh AFTERCARE_BINARY SOURCE_DIR
# Exits 77 (ctest SKIP_RETURN_CODE) only when tidy is not installed.
set -uo pipefail
bin="$1"; src="$2"
command -v tidy >/dev/null || { echo "skipped: tidy is not installed (tools/setup.sh installs it)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" stock "$src/examples/clinic-stock.csv" --format html -o "$work/report.html" || { echo "aftercare stock failed"; exit 1; }
tidy -quiet -errors --show-warnings yes "$work/report.html" > "$work/tidy.log" 2>&1
code=$?
cat "$work/tidy.log"
if (( code != 0 )) || [[ -s "$work/tidy.log" ]]; then echo "FAIL: tidy reports the above (exit $code)"; exit 1; fi
echo "ok: tidy reports no warning and no error"
