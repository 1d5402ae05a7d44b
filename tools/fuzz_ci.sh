#!/usr/bin/env bash
# CI's fuzz step (tools/test.sh): builds the three libFuzzer targets once, then
# runs each for SECONDS (default 60), side by side, with its dictionary and
# structured seeds (tools/fuzz.sh). Fails when any run finds a crash, a broken
# invariant or an input that stalls for 10 s; the finding is left in
# build-fuzz/ (crash-*, timeout-*) and its log in build-fuzz/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets=(label_fuzzer csv_reader_fuzzer jsonl_reader_fuzzer)
tools/setup.sh --fuzz
if [[ ! -f build-fuzz/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAFTERCARE_BUILD_FUZZ=ON -DAFTERCARE_SANITIZE=ON -DAFTERCARE_BUILD_TESTS=OFF
fi
cmake --build build-fuzz --target "${targets[@]}" --parallel "$(nproc)"
pids=()
for t in "${targets[@]}"; do
  AFTERCARE_FUZZ_NO_BUILD=1 tools/fuzz.sh "$t" "$seconds" > "build-fuzz/$t.log" 2>&1 &
  pids+=($!)
done
fail=0
for i in "${!targets[@]}"; do
  if wait "${pids[$i]}"; then
    echo "${targets[$i]}: ${seconds} s, nothing found ($(grep -o 'stat::number_of_executed_units: *[0-9]*' \
      "build-fuzz/${targets[$i]}.log" | grep -o '[0-9]*$' || echo '?') inputs)"
  else
    echo "${targets[$i]}: FAILED; the end of build-fuzz/${targets[$i]}.log:"
    tail -n 40 "build-fuzz/${targets[$i]}.log"
    fail=1
  fi
done
exit "$fail"
