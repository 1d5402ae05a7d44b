#!/usr/bin/env bash
# Quick start, command 2: installs what is missing (apt), builds aftercare with
# warnings as errors, and runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh -DAFTERCARE_WERROR=ON -DAFTERCARE_BUILD_TESTS=ON
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
