#!/usr/bin/env bash
# Configures and builds aftercare (binary, database, tests) into BUILD_DIR
# (default: build/). Extra arguments go to cmake's configure step.
#   tools/build.sh                       # build/ , RelWithDebInfo
#   BUILD_DIR=build-asan tools/build.sh -DAFTERCARE_SANITIZE=ON
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
GENERATOR=()
command -v ninja >/dev/null && GENERATOR=(-G Ninja)
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  cmake -S . -B "$BUILD_DIR" "${GENERATOR[@]}" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@"
else
  cmake -S . -B "$BUILD_DIR" "$@" >/dev/null
fi
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
