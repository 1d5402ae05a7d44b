#!/usr/bin/env bash
# aftercare serve as a user runs it: it says where it listens, answers the API
# over a real socket on 127.0.0.1, logs each request without the label, and
# stops cleanly (exit 0) on SIGTERM.
#   serve_test.sh AFTERCARE_BINARY
set -uo pipefail
bin="$1"
source "$(dirname "$0")/serve_lib.sh"
log=$(mktemp); trap 'rm -f "$log"; kill "$serve_pid" 2>/dev/null' EXIT
start_serve "$bin" "$log" || exit 1
pid=$serve_pid; port=$serve_port
python3 - "$port" <<'PY' || exit 1
import json, sys, urllib.request, urllib.error
base = f"http://127.0.0.1:{sys.argv[1]}/api/v1"
def post(path, obj):
    req = urllib.request.Request(base + path, json.dumps(obj).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
status, body = post("/check", {"label": "Aqua, Glycerin, Retinol, Secretpatientword", "day": 3, "name": "Night Serum"})
assert status == 200 and body["verdict"] == "avoid", (status, body)
status, body = post("/check", {"label": "   ", "day": 3})
assert status == 422 and body["error"]["code"] == "no_ingredient_list", (status, body)
with urllib.request.urlopen(base + "/health", timeout=10) as r:
    assert json.load(r)["status"] == "ok"
PY
kill -TERM "$pid"
wait "$pid"; code=$?
[[ $code -eq 0 ]] || { echo "serve exited $code on SIGTERM"; cat "$log"; exit 1; }
grep -q 'stopping' "$log" || { echo "no stop message"; cat "$log"; exit 1; }
[[ $(grep -c '"POST /api/v1/check"' "$log") -eq 2 ]] || { echo "expected two logged checks"; cat "$log"; exit 1; }
if grep -q 'Secretpatientword' "$log"; then echo "the log holds label text"; cat "$log"; exit 1; fi
echo "serve: ok (port $port)"
