#!/usr/bin/env bash
# Installs what aftercare needs to build and test on Debian 12, skipping what is
# already there. Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libre2-dev libicu-dev libsqlite3-dev sqlite3 zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libfmt-dev libcli11-dev nlohmann-json3-dev libsimdjson-dev libcpp-httplib-dev
  chromium chromium-driver python3-selenium python3-jsonschema python3-icalendar tidy python3
  clang-tidy clang-format
)
# chromium (headless) renders the HTML stock report in tests/browser (tidy
# validates it, python3 checks the dumped DOM) and, with chromium-driver and
# python3-selenium, drives the serve page; python3-jsonschema checks the API's
# answers against its OpenAPI document; python3-icalendar reads the calendar
# `aftercare plan --format ics` writes, as an independent parser. clang-tidy and
# clang-format (version 14 on Debian 12) are tools/tidy.sh's and tools/format.sh's;
# the ThreadSanitizer build (tools/tsan_ci.sh) needs nothing more than g++.
# Extra packages for optional jobs: ./tools/setup.sh --fuzz (clang, libFuzzer).
if [[ "${1:-}" == "--fuzz" ]]; then PACKAGES+=(clang libclang-rt-dev); fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
