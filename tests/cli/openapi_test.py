"""Responses of a running `aftercare serve` against its own OpenAPI document
(/api/v1/openapi.json): every endpoint, its success and its errors, validated
with Debian's python3-jsonschema (Draft 2020-12, the dialect of OpenAPI 3.1).
  openapi_test.py PORT LABEL_FILE"""
import json
import sys
import urllib.error
import urllib.request

import jsonschema

base = f"http://127.0.0.1:{sys.argv[1]}"
label = open(sys.argv[2], encoding="utf-8").read()


def call(method, path, body=None, content_type="application/json"):
    data = body.encode() if isinstance(body, str) else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.headers.get("Content-Type"), json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), json.load(e)


status, _, doc = call("GET", "/api/v1/openapi.json")
assert status == 200 and doc["openapi"].startswith("3.1"), doc.get("openapi")
failures = []


def validate(method, path, status, body, what):
    op = doc["paths"][path.split("?")[0]][method.lower()]
    response = op["responses"].get(str(status))
    if response is None:
        failures.append(f"{what}: status {status} is not in the document for {method} {path}")
        return
    schema = dict(response["content"]["application/json"]["schema"])
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
]
for method, path, body, want in cases:
    status, ctype, got = call(method, path, body)
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

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print(f"openapi: {len(cases) + 1} responses match the document")
