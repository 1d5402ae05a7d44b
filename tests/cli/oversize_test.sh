#!/usr/bin/env bash
# A text larger than 1 MiB is not one label: `check` and `parse` refuse it with
# a clear error (exit 2) instead of reading it for seconds. The text is a real
# label repeated. Usage: oversize_test.sh AFTERCARE_BINARY SOURCE_DIR
set -uo pipefail
bin="$1"; src="$2"
label="$src/examples/labels/cerave-pm-facial-moisturizing-lotion.txt"
big=$(mktemp); err=$(mktemp); trap 'rm -f "$big" "$err"' EXIT
{ cat "$label"; printf ', '; } > "$big"
while (( $(stat -c %s "$big") <= 1048576 )); do cat "$big" "$big" > "$big.2" && mv "$big.2" "$big"; done
fail=0
for cmd in "check --day 3" "parse"; do
  # shellcheck disable=SC2086
  "$bin" $cmd - < "$big" > /dev/null 2> "$err"
  code=$?
  if [[ "$code" != 2 ]] || ! grep -qF "<stdin>: larger than 1 MiB; one label is expected" "$err"; then
    echo "$cmd: exit $code, stderr:"; cat "$err"; fail=1
  fi
done
# A long label well under the limit is read.
head -c 200000 "$big" | "$bin" parse - > /dev/null 2> "$err" || { echo "200,000 bytes refused:"; cat "$err"; fail=1; }
exit $fail
