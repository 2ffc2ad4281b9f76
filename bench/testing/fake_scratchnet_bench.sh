#!/usr/bin/env bash
# Test helper, not a benchmark: stands in for ./build/bench/scratchnet_bench (the
# Google Benchmark binary) so compare.sh's scale table can be tried before it exists:
#
#   SCRATCHNET=bench/testing/fake_scratchnet.sh \
#   SCRATCHNET_BENCH=bench/testing/fake_scratchnet_bench.sh bench/compare.sh --quick
#
# Prints Google Benchmark's --benchmark_format=json shape for
# BM_TrainingStep/batch:B/width:W with invented times (linear in batch·width).
set -euo pipefail
filter="" format=""
for a in "$@"; do
  case $a in
    --benchmark_filter=*) filter=${a#*=} ;;
    --benchmark_format=*) format=${a#*=} ;;
    *) echo "fake_scratchnet_bench: unexpected argument '$a'" >&2; exit 2 ;;
  esac
done
[ "$format" = json ] || { echo "fake_scratchnet_bench: only --benchmark_format=json" >&2; exit 2; }
[ "$filter" = BM_TrainingStep ] || { echo "fake_scratchnet_bench: filter '$filter'" >&2; exit 2; }
first=1
printf '{\n  "context": {"executable": "fake", "num_cpus": 2, "library_build_type": "release"},\n  "benchmarks": ['
for width in 64 256 1024; do
  for batch in 1 32 128 512; do
    ns=$(awk -v b="$batch" -v w="$width" 'BEGIN { printf "%.1f", 2000 + 2.2 * b * w * 1.5 }')
    [ $first = 1 ] || printf ','
    first=0
    printf '\n    {"name": "BM_TrainingStep/batch:%d/width:%d", "run_name": "BM_TrainingStep/batch:%d/width:%d", "run_type": "iteration", "repetitions": 1, "repetition_index": 0, "threads": 1, "iterations": 1000, "real_time": %s, "cpu_time": %s, "time_unit": "ns"}' \
      "$batch" "$width" "$batch" "$width" "$ns" "$ns"
  done
done
printf '\n  ]\n}\n'
