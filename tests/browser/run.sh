#!/usr/bin/env bash
# Renders the HTML stock report of examples/clinic-stock.csv in headless
# Chromium, to its DOM and to a PNG, and asserts on the DOM (check_dom.py).
#   run.sh AFTERCARE_BINARY SOURCE_DIR [OUT_DIR]
# OUT_DIR keeps report.html, dom.html and report.png (default: a temporary
# folder, removed). Exits 77 (ctest SKIP_RETURN_CODE) only when no chromium.
set -uo pipefail
bin="$1"; src="$2"; keep="${3:-}"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$chromium" ]]; then echo "skipped: chromium is not installed (tools/setup.sh installs it)"; exit 77; fi

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
stock="$src/examples/clinic-stock.csv"
"$bin" stock "$stock" --format html --sources -o "$work/report.html" || { echo "aftercare stock failed"; exit 1; }
# Products, not CSV rows: a kit's sub-products have rows of their own.
products=$("$bin" stock "$stock" --format json |
  python3 -c 'import json, sys; print(len(json.load(sys.stdin)["products"]))')

# The probe: copies each cell's computed background into data-bg, so that the
# dumped DOM shows the colours Chromium painted. Only the test's copy has it.
sed 's|</body>|<script>for (const td of document.querySelectorAll("td.cell")) td.dataset.bg = getComputedStyle(td).backgroundColor;</script></body>|' \
  "$work/report.html" > "$work/probe.html"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars)
timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/profile1" --dump-dom "file://$work/probe.html" \
  > "$work/dom.html" 2> "$work/chromium-dom.log" || { echo "chromium --dump-dom failed"; cat "$work/chromium-dom.log"; exit 1; }
timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/profile2" --window-size=1400,2400 \
  --screenshot="$work/report.png" "file://$work/report.html" > "$work/chromium-png.log" 2>&1 \
  || { echo "chromium --screenshot failed"; cat "$work/chromium-png.log"; exit 1; }

fail=0
if [[ "$(head -c 8 "$work/report.png" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]]; then
  echo "FAIL: no PNG screenshot"; fail=1
elif (( $(stat -c %s "$work/report.png") < 20000 )); then
  echo "FAIL: the screenshot is suspiciously small ($(stat -c %s "$work/report.png") bytes)"; fail=1
fi
python3 "$src/tests/browser/check_dom.py" "$work/dom.html" "$products" 14 || fail=1
if [[ -n "$keep" ]]; then mkdir -p "$keep" && cp "$work/report.html" "$work/dom.html" "$work/report.png" "$keep/"; fi
exit $fail
