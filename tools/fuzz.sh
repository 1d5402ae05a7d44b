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
"./$target" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=4096 "corpus-$target"
