#!/usr/bin/env bash
# Writes the shipped patient routine's handout and the shipped stock's report
# and prints them in headless Chromium (plan_print_test.py). Exits 77 (skip) only when chromium,
# chromium-driver or python3-selenium is not installed.
#   plan_print_run.sh AFTERCARE_BINARY SOURCE_DIR [OUT_DIR]
set -uo pipefail
bin="$1"; src="$2"; keep="${3:-}"; py=/usr/bin/python3
if ! command -v chromium >/dev/null || [[ ! -x /usr/bin/chromedriver ]] || ! "$py" -c 'import selenium' 2>/dev/null; then
  echo "skipped: chromium, chromium-driver or python3-selenium is not installed (tools/setup.sh installs them)"
  exit 77
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
out="${keep:-$work}"; mkdir -p "$out"
"$bin" plan "$src/examples/patient-routine.csv" --treated 2026-12-07 --format html --clinic "Example Clinic" \
  --patient "A. Patient" -o "$work/plan.html" || { echo "plan --format html failed"; exit 1; }
"$bin" stock "$src/examples/clinic-stock.csv" -o "$work/stock.html" || { echo "stock failed"; exit 1; }
products=$("$bin" stock "$src/examples/clinic-stock.csv" --format json |
  "$py" -c 'import json, sys; print(len(json.load(sys.stdin)["products"]))')
HOME="$work" timeout 120 "$py" "$src/tests/browser/plan_print_test.py" "$work/plan.html" "$work/stock.html" \
  "$products" "$out"
