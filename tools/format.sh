#!/usr/bin/env bash
# clang-format over the C++ files under src/, tests/ and tools/ (tracked by git),
# with the repo's .clang-format.
#   tools/format.sh --check   # prints each file that would change, with the diff; exit 1 if any
#   tools/format.sh           # rewrites the files in place (--fix says the same)
# CLANG_FORMAT picks the binary (default: clang-format, Debian 12's is version 14).
# Reformatting splits over-long one-line bodies (`if (x) y;` past 120 columns) in two,
# and .clang-tidy wants braces around those: after `tools/format.sh`, run
#   run-clang-tidy -p build-tidy -checks='-*,readability-braces-around-statements' -fix src/
#   tools/format.sh
# (build-tidy/ from tools/tidy.sh). Tried on this tree: 19 bodies outside text/, match/, base/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:---fix}"
clang_format="${CLANG_FORMAT:-clang-format}"
command -v "$clang_format" >/dev/null || { echo "format: $clang_format not found (tools/setup.sh installs it)" >&2; exit 2; }
mapfile -t files < <(git ls-files -- 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'tools/*.cc' 'tools/*.h')
case "$mode" in
  --fix)
    "$clang_format" -i --style=file "${files[@]}"
    ;;
  --check)
    bad=0
    for f in "${files[@]}"; do
      if ! "$clang_format" --style=file "$f" | diff -u --label "$f" --label "$f (clang-format)" "$f" - ; then
        bad=$((bad + 1))
      fi
    done
    if ((bad)); then
      echo "format: $bad of ${#files[@]} files are not clang-formatted (tools/format.sh rewrites them)" >&2
      exit 1
    fi
    echo "format: ${#files[@]} files clang-formatted"
    ;;
  *)
    echo "usage: tools/format.sh [--check|--fix]" >&2
    exit 2
    ;;
esac
