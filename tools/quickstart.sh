#!/usr/bin/env bash
# Quick start, command 1: installs what is missing (apt), builds aftercare and
# its ingredient database, then runs its main job on a real label shipped in
# the repo: is this product safe on day 1 after microneedling, and from when?
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh
LABEL=examples/labels/cerave-pm-facial-moisturizing-lotion.txt
NAME="CeraVe PM Facial Moisturizing Lotion"
echo
echo "== $LABEL"
cat "$LABEL"
echo
echo "== aftercare check $LABEL --day 1 --name \"$NAME\""
build/aftercare check "$LABEL" --day 1 --name "$NAME"
echo
echo "== aftercare check $LABEL --treated <2 days ago> --format json (verdict and safe_from_day)"
build/aftercare check "$LABEL" --treated "$(date -d '2 days ago' +%F)" --name "$NAME" --format json |
  grep -o '"day":[0-9]*,"protocol":"[a-z]*","verdict":"[a-z]*","safe_from_day":[0-9]*'
echo
echo "== aftercare explain Niacinamide --day 1"
build/aftercare explain Niacinamide --day 1
