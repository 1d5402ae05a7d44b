#!/usr/bin/env bash
# Runs one golden CLI case: run_case.sh AFTERCARE_BINARY CASE_DIR
# A case folder holds:
#   args             the arguments, one per line (required)
#   stdin            fed to standard input (optional; else /dev/null)
#   expected_stdout  compared byte for byte (optional)
#   expected_exit    the exit code (optional; default 0)
#   expected_stderr  a fragment that standard error must contain (optional)
set -uo pipefail
bin="$1"; dir="$2"
mapfile -t args < "$dir/args"
stdin="$dir/stdin"; [[ -f "$stdin" ]] || stdin=/dev/null
out=$(mktemp); err=$(mktemp); trap 'rm -f "$out" "$err"' EXIT
(cd "$dir" && "$bin" "${args[@]}" < "$stdin" > "$out" 2> "$err")
code=$?
want_code=0; [[ -f "$dir/expected_exit" ]] && want_code=$(tr -d '[:space:]' < "$dir/expected_exit")
fail=0
if [[ "$code" != "$want_code" ]]; then
  echo "exit code $code, expected $want_code"; fail=1
fi
if [[ -f "$dir/expected_stdout" ]] && ! diff -u "$dir/expected_stdout" "$out"; then
  echo "stdout differs from $dir/expected_stdout (above)"; fail=1
fi
if [[ -f "$dir/expected_stderr" ]] && ! grep -qF -- "$(cat "$dir/expected_stderr")" "$err"; then
  echo "stderr lacks: $(cat "$dir/expected_stderr")"; echo "stderr was:"; cat "$err"; fail=1
fi
exit $fail
