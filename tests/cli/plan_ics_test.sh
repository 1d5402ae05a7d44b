#!/usr/bin/env bash
# Writes a plan's calendar and JSON from the shipped patient routine and has
# plan_ics_test.py read the calendar with python3-icalendar. Exits 77 (skip)
# only when python3-icalendar is not installed.
#   plan_ics_test.sh AFTERCARE_BINARY SOURCE_DIR
set -uo pipefail
bin="$1"; src="$2"; py=/usr/bin/python3
"$py" -c 'import icalendar' 2>/dev/null || { echo "skipped: python3-icalendar is not installed (tools/setup.sh installs it)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for f in ics json; do
  "$bin" plan "$src/examples/patient-routine.csv" --treated 2026-12-28 --patient "Zoë, O'Brien; test" \
    --format "$f" -o "$work/plan.$f" || { echo "plan --format $f failed"; exit 1; }
done
"$py" "$src/tests/cli/plan_ics_test.py" "$work/plan.ics" "$work/plan.json"
