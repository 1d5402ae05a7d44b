#!/usr/bin/env bash
# Starts `aftercare serve` on a free port of 127.0.0.1 and drives its page in
# headless Chromium (serve_page_test.py, Debian's chromium-driver and
# python3-selenium). Exits 77 (ctest SKIP_RETURN_CODE) only when those are
# not installed.
#   serve_run.sh AFTERCARE_BINARY SOURCE_DIR [OUT_DIR]
set -uo pipefail
bin="$1"; src="$2"; keep="${3:-}"
py=/usr/bin/python3
if ! command -v chromium >/dev/null || [[ ! -x /usr/bin/chromedriver ]] || ! "$py" -c 'import selenium' 2>/dev/null; then
  echo "skipped: chromium, chromium-driver or python3-selenium is not installed (tools/setup.sh installs them)"
  exit 77
fi
source "$src/tests/cli/serve_lib.sh"
work=$(mktemp -d); log="$work/serve.log"
trap 'kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null; rm -rf "$work"' EXIT
start_serve "$bin" "$log" || exit 1
port=$serve_port
out="${keep:-$work}"; mkdir -p "$out"
# What the catalog page's download must hold: the CLI's scan of the same file.
"$bin" scan "$src/examples/clinic-stock.csv" --day 3 --format csv > "$work/expected-scan.csv" 2>/dev/null
HOME="$work" timeout 180 "$py" "$src/tests/browser/serve_page_test.py" "http://127.0.0.1:$port/" \
  "$src/examples/labels/cerave-pm-facial-moisturizing-lotion.txt" "$src/examples/clinic-stock.csv" \
  "$src/examples/patient-routine.csv" "$work/expected-scan.csv" "$out"
