#!/usr/bin/env bash
# Quick start, command 1: installs what is missing (apt), builds aftercare and
# its ingredient database, then runs it on a real label shipped in the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh
LABEL=examples/labels/cerave-pm-facial-moisturizing-lotion.txt
echo
echo "== $LABEL"
cat "$LABEL"
echo
echo "== aftercare parse $LABEL"
build/aftercare parse "$LABEL"
# Until 'aftercare check' gives the verdict for a healing day, explain the
# ingredients that matter after microneedling.
for name in "Ceramide 3" "Hyaluronic Acid" "Niacinamide"; do
  echo
  echo "== aftercare explain \"$name\""
  build/aftercare explain "$name"
done
