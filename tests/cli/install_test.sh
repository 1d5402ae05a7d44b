#!/usr/bin/env bash
# cmake --install puts the binary in bin/ and the database in share/aftercare/,
# and the installed binary finds its installed database with no flag or env.
# Usage: install_test.sh BUILD_DIR
set -euo pipefail
build="$1"
prefix=$(mktemp -d); trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/aftercare"
test -f "$prefix/share/aftercare/aftercare.db"
out=$(env -u AFTERCARE_DB "$prefix/bin/aftercare" db check)
echo "$out"
grep -q "$prefix/share/aftercare/aftercare.db: ok" <<< "$out"
