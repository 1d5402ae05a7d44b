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
work=$(mktemp -d); log="$work/serve.log"
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
"$bin" serve --port 0 2> "$log" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' "$log" | head -1 | cut -d: -f2)
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { echo "serve did not start:"; cat "$log"; exit 1; }
out="${keep:-$work}"; mkdir -p "$out"
HOME="$work" timeout 180 "$py" "$src/tests/browser/serve_page_test.py" "http://127.0.0.1:$port/" \
  "$src/examples/labels/cerave-pm-facial-moisturizing-lotion.txt" "$out"
