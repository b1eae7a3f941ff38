#!/usr/bin/env bash
# Measures bench_sequences (issue 11) in the given build directories and writes
# benchmarks/sequences/results/<cell>.json, then prints the table of docs/benchmarks.md's
# "Sequences (issue 11)" section (benchmarks/sequences/table.py).
#
#   benchmarks/sequences/run.sh CELL=BUILD_DIR...
#   e.g. benchmarks/sequences/run.sh gcc-baseline=/work/build-bench-gcc gcc-native=/work/build-bench-gcc-native
#
# Each build directory is a Release configuration (-O3 -DNDEBUG, plus -march=native for the
# native cells) with CONSTGRAD_BUILD_BENCHMARKS=ON; the script builds bench_sequences there.
# 10 repetitions, randomly interleaved (hand, Eigen and constgrad shuffled together in one
# process), medians reported; the load average before and after goes into the JSON's context.
set -Eeuo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
min_time=${MIN_TIME:-0.1}
repetitions=${REPETITIONS:-10}
for cell_dir in "$@"; do
  cell=${cell_dir%%=*}
  dir=${cell_dir#*=}
  cmake --build "${dir}" --target bench_sequences -j2 > /dev/null
  out="${here}/results/${cell}.json"
  compiler=$("$(grep -m1 '^CMAKE_CXX_COMPILER:' "${dir}/CMakeCache.txt" | cut -d= -f2)" --version | head -1)
  flags="-O3 -DNDEBUG $(grep -m1 '^CMAKE_CXX_FLAGS:' "${dir}/CMakeCache.txt" | cut -d= -f2-)"
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "=== ${cell} (${dir}): load ${load_start}"
  "${dir}/benchmarks/bench_sequences" --benchmark_repetitions="${repetitions}" \
      --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true \
      --benchmark_min_time="${min_time}" --benchmark_out_format=json --benchmark_out="${out}.tmp" \
      --benchmark_context="cell=${cell}" > /dev/null
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  python3 - "${out}.tmp" "${out}" "${load_start}" "${load_end}" "${compiler}" "${flags}" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
for key, value in zip(["load_start", "load_end", "compiler", "flags"], sys.argv[3:]):
    data["context"][key] = value
json.dump(data, open(sys.argv[2], "w"), indent=1)
PY
  rm -f "${out}.tmp"
  echo "=== ${cell}: done, load ${load_end}"
done
python3 "${here}/table.py" "${here}"/results/*.json
