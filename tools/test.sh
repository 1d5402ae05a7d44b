#!/usr/bin/env bash
# Quick start, command 2: installs what is missing (apt), builds aftercare with
# warnings as errors, runs the whole test suite through ctest, then builds it
# again with AddressSanitizer + UndefinedBehaviorSanitizer and runs it again.
# Set AFTERCARE_SKIP_SANITIZERS=1 to skip the second pass. Last, each fuzzer
# runs for 60 s (tools/fuzz_ci.sh, clang + libFuzzer); AFTERCARE_SKIP_FUZZ=1 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh -DAFTERCARE_WERROR=ON -DAFTERCARE_BUILD_TESTS=ON
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
if [[ "${AFTERCARE_SKIP_SANITIZERS:-0}" != "1" ]]; then
  echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
  BUILD_DIR=build-asan BUILD_TYPE=Debug tools/build.sh -DAFTERCARE_WERROR=ON -DAFTERCARE_SANITIZE=ON \
    -DAFTERCARE_BUILD_TESTS=ON
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)"
fi
if [[ "${AFTERCARE_SKIP_FUZZ:-0}" != "1" ]]; then
  echo "== each fuzzer for 60 s: a crash, a broken invariant or a 10 s stall fails"
  tools/fuzz_ci.sh 60
fi
