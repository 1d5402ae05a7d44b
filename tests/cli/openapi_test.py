"""Responses of a running `aftercare serve` against its own OpenAPI document
(/api/v1/openapi.json): every endpoint, its success and its errors, validated
with Debian's python3-jsonschema (Draft 2020-12, the dialect of OpenAPI 3.1).
  openapi_test.py PORT LABEL_FILE STOCK_FILE"""
import json
import sys
import urllib.error
import urllib.request

import jsonschema

base = f"http://127.0.0.1:{sys.argv[1]}"
label = open(sys.argv[2], encoding="utf-8").read()
stock = open(sys.argv[3], encoding="utf-8").read()


def raw(method, path, data=None, content_type="application/json"):
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def call(method, path, body=None, content_type="application/json"):
    data = body.encode() if isinstance(body, str) else (json.dumps(body).encode() if body is not None else None)
    status, ctype, got = raw(method, path, data, content_type)
    return status, ctype, json.loads(got)


status, _, doc = call("GET", "/api/v1/openapi.json")
assert status == 200 and doc["openapi"].startswith("3.1"), doc.get("openapi")
failures = []


def validate(method, path, status, body, what, media_type="application/json"):
    op = doc["paths"][path.split("?")[0]][method.lower()]
    response = op["responses"].get(str(status))
    if response is None:
        failures.append(f"{what}: status {status} is not in the document for {method} {path}")
        return
    content = response["content"].get(media_type)
    if content is None:
        failures.append(f"{what}: {media_type} is not in the document for {method} {path} {status}")
        return
    schema = dict(content["schema"])
    schema["components"] = doc["components"]  # so that "#/components/..." resolves
    try:
        jsonschema.Draft202012Validator(schema).validate(body)
    except jsonschema.ValidationError as e:
        failures.append(f"{what}: {e.message} at {list(e.absolute_path)}")


cases = [
    ("GET", "/api/v1/health", None, 200),
    ("GET", "/api/v1/protocols", None, 200),
    ("POST", "/api/v1/check", {"label": label, "day": 1, "name": "CeraVe PM Facial Moisturizing Lotion"}, 200),
    ("POST", "/api/v1/check", {"label": label, "treated": "2026-12-01", "today": "2026-12-09"}, 200),
    ("POST", "/api/v1/check", {"label": "Cleanser:\nWater, Glycerin\nToner:\nWater, Glycolic Acid 7%", "day": 3}, 200),
    ("POST", "/api/v1/check", {"day": 1}, 400),
    ("POST", "/api/v1/check", {"label": label, "day": 1, "protocol": "nope"}, 400),
    ("POST", "/api/v1/check", {"label": "  ", "day": 1}, 422),
    ("POST", "/api/v1/check", {"label": "," * (1 << 20 | 1), "day": 1}, 413),
    ("POST", "/api/v1/parse", {"label": label}, 200),
    ("POST", "/api/v1/parse", {"text": label}, 400),
    ("GET", "/api/v1/explain?name=Niacinamide&day=1", None, 200),
    ("GET", "/api/v1/explain?name=Notaningredientatall", None, 404),
    ("GET", "/api/v1/explain", None, 400),
    ("POST", "/api/v1/scan?day=1&format=xml", stock, 400),
    ("POST", "/api/v1/scan?day=1", "", 422),
    ("POST", "/api/v1/stock?days=7&format=json", stock, 200),
    ("POST", "/api/v1/stock?days=3-7", stock, 400),
    ("POST", "/api/v1/stock", "name,brand\nSerum,Acme\n", 422),
    ("POST", "/api/v1/plan?treated=2026-12-07&days=2-14&format=json", stock, 200),
    ("POST", "/api/v1/plan?format=json", stock, 400),
    ("POST", "/api/v1/plan?treated=2026-12-07", "", 422),
]
for method, path, body, want in cases:
    status, ctype, got = call(method, path, body, "text/csv" if isinstance(body, str) else "application/json")
    what = f"{method} {path} {'' if body is None else str(body)[:60]}"
    if status != want:
        failures.append(f"{what}: status {status}, expected {want}")
    if not (ctype or "").startswith("application/json"):
        failures.append(f"{what}: Content-Type {ctype}")
    validate(method, path, status, got, what)
status, _, got = call("POST", "/api/v1/check", "Water, Glycerin", content_type="text/plain")
if status != 415:
    failures.append(f"text/plain body: status {status}")
validate("POST", "/api/v1/check", status, got, "text/plain body")
status, _, got = call("POST", "/api/v1/scan?day=1", "{}", content_type="application/json")
if status != 415:
    failures.append(f"scan of application/json: status {status}")
validate("POST", "/api/v1/scan", status, got, "scan of application/json")

# The streamed answers: each line of a JSON Lines scan is a record of the document.
status, ctype, got = raw("POST", "/api/v1/scan?day=2", stock.encode(), "text/csv")
lines = got.decode().splitlines()
if status != 200 or ctype != "application/x-ndjson" or len(lines) != stock.count("\n") - 1:
    failures.append(f"scan: status {status}, {ctype}, {len(lines)} records")
for i, line in enumerate(lines):
    validate("POST", "/api/v1/scan", status, json.loads(line), f"scan record {i + 1}", "application/x-ndjson")
bad_row = "name,ingredients\nGood,\"Water, Glycerin\"\nEmpty,\n"
status, _, got = raw("POST", "/api/v1/scan?day=2", bad_row.encode(), "text/csv")
for i, line in enumerate(got.decode().splitlines()):
    validate("POST", "/api/v1/scan", status, json.loads(line), f"scan record with an error {i + 1}", "application/x-ndjson")
for path, media in [("/api/v1/scan?day=2&format=csv", "text/csv"), ("/api/v1/stock?format=html", "text/html"),
                    ("/api/v1/stock?format=csv", "text/csv"), ("/api/v1/stock?format=md", "text/markdown"),
                    ("/api/v1/plan?treated=2026-12-07", "text/html"),
                    ("/api/v1/plan?treated=2026-12-07&format=ics", "text/calendar"),
                    ("/api/v1/plan?treated=2026-12-07&format=text", "text/plain")]:
    status, ctype, got = raw("POST", path, stock.encode(), "text/csv")
    if status != 200 or not (ctype or "").startswith(media):
        failures.append(f"{path}: status {status}, Content-Type {ctype}")
    if media not in doc["paths"][path.split("?")[0]]["post"]["responses"]["200"]["content"]:
        failures.append(f"{path}: {media} is not in the document")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print(f"openapi: {len(cases) + 2} responses and {len(lines)} scan records match the document")
