#!/usr/bin/env bash
# Makes a benchmark catalog for `aftercare scan`: the real labels of
# ../shared/data/products (tools/corpus_export, non-empty labels only) sampled
# with replacement to N products, as JSON Lines. Deterministic for a seed.
#   tools/make_catalog.sh N OUT.jsonl [SEED]     e.g. 1000000 /tmp/scan_1m.jsonl (about 850 MB)
# Needs build/corpus_export (cmake -DAFTERCARE_BUILD_BENCH=ON). Each line keeps
# the exported fields: source, row, id, name, brand, type, ingredients.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:?usage: tools/make_catalog.sh N OUT.jsonl [SEED]}"
out="${2:?usage: tools/make_catalog.sh N OUT.jsonl [SEED]}"
seed="${3:-20261129}"
exporter="${BUILD_DIR:-build}/corpus_export"
[[ -x "$exporter" ]] || { echo "make_catalog: $exporter missing; build with -DAFTERCARE_BUILD_BENCH=ON" >&2; exit 2; }
corpus="$(mktemp "${TMPDIR:-/tmp}/make_catalog.XXXXXX")"
trap 'rm -f "$corpus"' EXIT
"$exporter" --skip-empty > "$corpus" 2>/dev/null
# awk's rand() with a fixed seed: the same catalog on every run.
awk -v n="$n" -v seed="$seed" 'BEGIN { srand(seed) } { line[NR] = $0 }
  END { for (i = 0; i < n; ++i) print line[int(rand() * NR) + 1] }' "$corpus" > "$out"
echo "make_catalog: $out: $n products sampled from $(wc -l < "$corpus") real labels, $(du -h "$out" | cut -f1)" >&2
