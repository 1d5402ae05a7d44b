#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs one.
#   tools/fuzz.sh [TARGET] [SECONDS]      default: label_fuzzer, 60 seconds
# The corpus grows in build-fuzz/corpus-TARGET/, seeded with the real label
# excerpts of tests/regression/labels and examples/labels. Crashes are written
# as build-fuzz/crash-*; reproduce with build-fuzz/TARGET FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-label_fuzzer}"
seconds="${2:-60}"
tools/setup.sh --fuzz
if [[ ! -f build-fuzz/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAFTERCARE_BUILD_FUZZ=ON -DAFTERCARE_SANITIZE=ON -DAFTERCARE_BUILD_TESTS=OFF
fi
cmake --build build-fuzz --target "$target" --parallel "$(nproc)"
corpus="build-fuzz/corpus-$target"
mkdir -p "$corpus"
max_len=16384
if [[ "$target" == csv_reader_fuzzer || "$target" == jsonl_reader_fuzzer ]]; then
  # Catalog readers: seeded with the real catalog excerpts; the first byte of an
  # input is the fuzzer's knob (separator, read size, columns).
  max_len=65536
  if [[ -z "$(ls -A "$corpus")" ]]; then
    ext=csv; [[ "$target" == jsonl_reader_fuzzer ]] && ext=jsonl
    i=0
    for f in tests/unit/catalog/testdata/*."$ext" tests/unit/catalog/testdata/*.tsv; do
      [[ -f "$f" ]] || continue
      { printf '\x80'; head -c 60000 "$f"; } > "$corpus/seed-$i"
      i=$((i + 1))
    done
  fi
fi
if [[ -z "$(ls -A "$corpus")" ]]; then
  i=0
  for f in tests/regression/labels/*.label examples/labels/*.txt; do
    [[ -f "$f" ]] || continue
    # The label section of a regression file, or the whole example.
    if [[ "$f" == *.label ]]; then
      awk '/^--- label$/{on=1;next} /^--- /{on=0} on' "$f" > "$corpus/seed-$i"
    else
      cp "$f" "$corpus/seed-$i"
    fi
    i=$((i + 1))
  done
fi
cd build-fuzz
"./$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 "corpus-$target"
