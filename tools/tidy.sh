#!/usr/bin/env bash
# clang-tidy, with the repo's .clang-tidy, over every translation unit under src/
# (the library and the CLI), in parallel (xargs -P nproc). Any warning fails:
# prints each finding, then a count per folder and check, and exits 1.
#   tools/tidy.sh                       # every folder
#   AFTERCARE_TIDY_SKIP="text match" tools/tidy.sh
#     leaves out src/aftercare/text/ and src/aftercare/match/: their .cc files and
#     the findings in their headers (a folder left out is one not yet clean).
# The compile commands come from a configure-only build dir (build-tidy/, or
# TIDY_BUILD_DIR): nothing is compiled. src/ only: tests/ and tools/ are not held
# to .clang-tidy. CLANG_TIDY picks the binary (default:
# clang-tidy; Debian 12's is version 14, the version .clang-tidy is written for).
set -euo pipefail
cd "$(dirname "$0")/.."
clang_tidy="${CLANG_TIDY:-clang-tidy}"
build_dir="${TIDY_BUILD_DIR:-build-tidy}"
skip="${AFTERCARE_TIDY_SKIP:-}"
command -v "$clang_tidy" >/dev/null || { echo "tidy: $clang_tidy not found (tools/setup.sh)" >&2; exit 2; }

# Configured every time (a few seconds): a file added since is in the list.
GENERATOR=()
[[ ! -f "$build_dir/CMakeCache.txt" ]] && command -v ninja >/dev/null && GENERATOR=(-G Ninja)
cmake -S . -B "$build_dir" "${GENERATOR[@]}" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DAFTERCARE_BUILD_TESTS=ON \
  -DAFTERCARE_BUILD_BENCH=ON >/dev/null

# Folders of src/aftercare checked: all but the skipped ones. Headers are checked
# where a checked .cc includes them, when they sit in a checked folder.
folders=()
for d in src/aftercare/*/; do
  d="${d%/}"; d="${d##*/}"
  [[ " $skip " == *" $d "* ]] || folders+=("$d")
done
header_filter="/src/cli/|/src/aftercare/[^/]*\\.h\$"
((${#folders[@]})) && header_filter+="|/src/aftercare/($(IFS='|'; echo "${folders[*]}"))/"
skip_re='^$'
[[ -n "${skip// /}" ]] && skip_re="^src/aftercare/($(echo $skip | tr ' ' '|'))/"
mapfile -t sources < <(git ls-files -- 'src/*.cc' | grep -Ev "$skip_re")

out="$build_dir/tidy"
rm -rf "$out"; mkdir -p "$out"
echo "tidy: ${#sources[@]} files with $("$clang_tidy" --version | grep -o 'version [0-9.]*')${skip:+, leaving out: $skip}"
# One log per file; a file's exit status is kept apart from xargs' (which stops at 255).
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -I{} sh -c '
  log="$0/$(echo "$1" | tr / _).log"
  "$2" --quiet -p "$3" --header-filter="$4" --warnings-as-errors="*" "$1" > "$log" 2>&1 || echo "$1" >> "$0/failed"
' "$out" {} "$clang_tidy" "$build_dir" "$header_filter"

if [[ ! -s "$out/failed" ]]; then
  echo "tidy: no finding"
  exit 0
fi
# A header's finding shows once per file that includes it: print each finding once.
cat "$out"/*.log | grep -E '^/[^ ]+:[0-9]+:[0-9]+: (warning|error):' | sed -E 's/,-warnings-as-errors\]$/]/' | sort -u \
  > "$out/findings.txt" || true
grep -E -A3 '^/[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$out"/*.log | sed "s|^$out/[^:-]*.log[:-]||" | head -c 200000
echo
echo "tidy: $(wc -l < "$out/findings.txt") findings, by folder and check:"
sed -E "s|^$PWD/||; s|^(src/[^/]+(/[^/]+)?)/[^/]+:[0-9]+:[0-9]+: [a-z]+: .*\[([^]]+)\]$|\1 \3|" "$out/findings.txt" \
  | sort | uniq -c | sort -k2,2 -k1,1nr
echo "tidy: failed in: $(tr '\n' ' ' < "$out/failed")"
exit 1
