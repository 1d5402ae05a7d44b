#!/usr/bin/env bash
# reader_bars: the speed bars of issue 19, each measured against the naive
# reader in the same run (absolute figures on these machines move by 40 %
# from run to run; a ratio measured interleaved does not). Prints:
#   - corpus_bench's in-process bars (batch <= 5, warm <= 1.5, unseen <= 4
#     times the naive reader per label, each pass interleaved with a naive one);
#   - the whole-process scan bar: `aftercare scan --threads 1 --memo-mb 0` of
#     the distinct real labels over `naive_scan` of the same file (<= 3), the
#     two run alternately ROUNDS times, medians;
#   - `aftercare check` of one real label as a whole process (< 25 ms median).
# A program that prints numbers, never a test.
#   build/corpus_export --distinct > /tmp/corpus.jsonl
#   tests/bench/reader_bars.sh /tmp/corpus.jsonl          (ROUNDS=7 REPEAT=5 CHECKS=21 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD_DIR:-build}"
corpus="${1:?usage: tests/bench/reader_bars.sh CORPUS.jsonl}"
label=examples/labels/cerave-pm-facial-moisturizing-lotion.txt
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== in process: corpus_bench (each mode's passes interleaved with naive passes over the same labels)"
"$build/corpus_bench" "$corpus" --repeat "${REPEAT:-5}" --top 0 | grep '^speed'
python3 - "$build" "$corpus" "$label" "${ROUNDS:-7}" "${CHECKS:-21}" <<'PY'
import statistics, subprocess, sys, time
build, corpus, label, rounds, checks = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t
scan = [f"{build}/aftercare", "scan", corpus, "--day", "3", "--threads", "1", "--memo-mb", "0"]
naive = [f"{build}/naive_scan", corpus, "--db", f"{build}/aftercare.db"]
s, n = [], []
for _ in range(rounds):
    n.append(run(naive))
    s.append(run(scan))
ms, mn = statistics.median(s), statistics.median(n)
print(f"== whole process, {rounds} rounds alternating: scan {ms:.3f} s, naive_scan {mn:.3f} s: "
      f"{ms / mn:.1f} x naive (bar 3.0)")
c = [run([f"{build}/aftercare", "check", "--day", "3", label]) for _ in range(checks)]
print(f"== aftercare check of one label, whole process: median {statistics.median(c) * 1000:.1f} ms "
      f"of {checks} (bar < 25 ms)")
PY
