#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs one.
#   tools/fuzz.sh [TARGET] [SECONDS] [MAX_LEN]   default: label_fuzzer, 60 seconds,
#                                                16 KB (label) or 64 KB (catalogs)
#   tools/fuzz.sh label_fuzzer 600 1048576       a dedicated run up to the 1 MiB limit
# The corpus grows in build-fuzz/corpus-TARGET/ (build-fuzz/corpus-TARGET-big/
# for a MAX_LEN over the default), seeded with the real label excerpts of
# tests/regression/labels and examples/labels and the structured shapes of
# tests/fuzz/make_seeds.py (deep nesting, long runs, huge tokens); the
# dictionary tests/fuzz/TARGET.dict steers mutations toward separators,
# brackets, headings, markers, names, percentages and entities. An input that
# takes over 10 s (-timeout; 30 s for a MAX_LEN over the default: 1 MiB under
# ASan takes up to about 10 s) fails the run as a stall. Crashes and stalls are
# written as build-fuzz/crash-* / timeout-*; reproduce with build-fuzz/TARGET FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-label_fuzzer}"
seconds="${2:-60}"
max_len_arg="${3:-}"
if [[ "${AFTERCARE_FUZZ_NO_BUILD:-0}" != 1 ]]; then  # tools/fuzz_ci.sh builds all targets once
  tools/setup.sh --fuzz
  if [[ ! -f build-fuzz/CMakeCache.txt ]]; then
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DAFTERCARE_BUILD_FUZZ=ON -DAFTERCARE_SANITIZE=ON -DAFTERCARE_BUILD_TESTS=OFF
  fi
  cmake --build build-fuzz --target "$target" --parallel "$(nproc)"
fi
max_len=16384
[[ "$target" == csv_reader_fuzzer || "$target" == jsonl_reader_fuzzer ]] && max_len=65536
corpus="build-fuzz/corpus-$target"
timeout=10
if [[ -n "$max_len_arg" && "$max_len_arg" != "$max_len" ]]; then
  max_len="$max_len_arg"
  corpus="build-fuzz/corpus-$target-big"
  timeout=30
fi
# The fuzz targets read up to this many bytes (their default is the default max_len).
export AFTERCARE_FUZZ_MAX_BYTES="$max_len"
mkdir -p "$corpus"
if [[ "$target" == csv_reader_fuzzer || "$target" == jsonl_reader_fuzzer ]]; then
  # Catalog readers: seeded with the real catalog excerpts; the first byte of an
  # input is the fuzzer's knob (separator, read size, columns).
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
# Deep nesting, long runs and huge tokens, which random mutation rarely builds.
if ! compgen -G "$corpus/shape-*" > /dev/null; then
  python3 tests/fuzz/make_seeds.py "$target" "$corpus" "$max_len"
fi
dict=()
[[ -f "tests/fuzz/$target.dict" ]] && dict=(-dict="$PWD/tests/fuzz/$target.dict")
cd build-fuzz
"./$target" -max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout" -rss_limit_mb=4096 "${dict[@]}" \
  -print_final_stats=1 "${corpus#build-fuzz/}"
