#!/usr/bin/env bash
# Quick start, command 2: installs what is missing (apt), builds aftercare with
# warnings as errors, runs the whole test suite through ctest, then builds it
# again with AddressSanitizer + UndefinedBehaviorSanitizer and runs it again.
# Each later step has a switch (environment variable):
#   AFTERCARE_FORMAT_CHECK=0     skips the first step, clang-format --check over src/ tests/ tools/
#                                (tools/format.sh; tools/format.sh --fix rewrites what it finds)
#   AFTERCARE_SKIP_SANITIZERS=1  skips the ASan + UBSan pass
#   AFTERCARE_SKIP_TSAN=1        skips the ThreadSanitizer build and its threaded scans (tools/tsan_ci.sh)
#   AFTERCARE_SKIP_TIDY=1        skips clang-tidy over src/ (tools/tidy.sh; any finding fails);
#   AFTERCARE_TIDY_SKIP="..."    src/aftercare folders to leave out (default: none, every folder is checked)
#   AFTERCARE_SKIP_FUZZ=1        skips the last step, each fuzzer for 60 s (tools/fuzz_ci.sh, clang + libFuzzer)
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
if [[ "${AFTERCARE_FORMAT_CHECK:-1}" == "1" ]]; then
  echo "== clang-format: every C++ file formatted"
  tools/format.sh --check
fi
tools/build.sh -DAFTERCARE_WERROR=ON -DAFTERCARE_BUILD_TESTS=ON
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
if [[ "${AFTERCARE_SKIP_SANITIZERS:-0}" != "1" ]]; then
  echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer"
  BUILD_DIR=build-asan BUILD_TYPE=Debug tools/build.sh -DAFTERCARE_WERROR=ON -DAFTERCARE_SANITIZE=ON \
    -DAFTERCARE_BUILD_TESTS=ON
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)"
fi
if [[ "${AFTERCARE_SKIP_TSAN:-0}" != "1" ]]; then
  echo "== the threaded scans under ThreadSanitizer: any report fails"
  tools/tsan_ci.sh
fi
if [[ "${AFTERCARE_SKIP_TIDY:-0}" != "1" ]]; then
  echo "== clang-tidy (.clang-tidy) over src/: any finding fails"
  AFTERCARE_TIDY_SKIP="${AFTERCARE_TIDY_SKIP-}" tools/tidy.sh
fi
if [[ "${AFTERCARE_SKIP_FUZZ:-0}" != "1" ]]; then
  echo "== each fuzzer for 60 s: a crash, a broken invariant or a 10 s stall fails"
  tools/fuzz_ci.sh 60
fi
