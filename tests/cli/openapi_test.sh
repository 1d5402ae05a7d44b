#!/usr/bin/env bash
# Runs openapi_test.py against a running `aftercare serve`: its responses must
# match its own OpenAPI document. Exits 77 (skip) only without python3-jsonschema.
#   openapi_test.sh AFTERCARE_BINARY SOURCE_DIR
set -uo pipefail
bin="$1"; src="$2"; py=/usr/bin/python3
"$py" -c 'import jsonschema' 2>/dev/null || { echo "skipped: python3-jsonschema is not installed (tools/setup.sh installs it)"; exit 77; }
source "$src/tests/cli/serve_lib.sh"
log=$(mktemp); trap 'kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null; rm -f "$log"' EXIT
start_serve "$bin" "$log" || exit 1
"$py" "$src/tests/cli/openapi_test.py" "$serve_port" "$src/examples/labels/cerave-pm-facial-moisturizing-lotion.txt" \
  "$src/examples/clinic-stock.csv"
