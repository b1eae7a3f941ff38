#!/usr/bin/env bash
# Runs constgrad's benchmarks on the grid {g++, clang++} x {baseline x86-64, -march=native},
# measures the compile costs once, and renders docs/benchmarks.md.
#
#   benchmarks/run_all.sh [--quick] [--only CELLS] [--filter REGEX] [--skip-compile-cost]
#                         [--compile-cost-only] [--no-render]
#
#   --only CELLS         comma-separated cells to run, of gcc-baseline, gcc-native,
#                        clang-baseline, clang-native (default: all four); the other cells'
#                        results stay as they are
#   --filter REGEX       run only the benchmarks whose name matches REGEX (Google Benchmark's
#                        --benchmark_filter, e.g. 'train/.*/16-64-64-1/'); the results go to
#                        rerun_*.json next to the cell's full results and replace those
#                        entries when rendered (a full run of the cell deletes them)
#   --quick              checks the pipeline in a few minutes: short timings, 2 repetitions,
#                        compile cost compiled once; numbers are rough
#   --skip-compile-cost  keep docs/benchmarks/compile_cost.json as it is
#   --compile-cost-only  only the compile-cost benchmark (and the rendering)
#   --no-render          leave docs/benchmarks.md alone
#
# A cell is built in its own directory, build-bench-<cell> (Release: -O3 -DNDEBUG, plus
# -march=native for the native cells; tests and examples off, peers on), and writes
# docs/benchmarks/<cell>/{run,networks,networks_tape,formulas,networks_adolc,networks_libtorch}.json.
# Every benchmark runs --benchmark_repetitions=5 with --benchmark_enable_random_interleaving
# (the repetitions of all benchmarks of a binary are shuffled together), and the page uses the
# medians. bench_networks holds constgrad, the hand-written loops and Eigen, so that their
# ratios come from one run; the tape (60-200 µs a step) runs in a second invocation with a
# shorter --benchmark_min_time. Each binary measures the core's peak at start-up with its own
# flags (GFLOP/s and % of peak per benchmark).
#
# Budget: the full grid takes about 30 min on a 2-core machine (see docs/benchmarks.md).
# Peers are built when their Debian packages are installed (optional):
#   sudo apt-get install -y libeigen3-dev libadolc-dev libtorch-dev
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

all_cells=(gcc-baseline gcc-native clang-baseline clang-native)
cells=("${all_cells[@]}")
filter=""
quick=0
compile_cost=1
networks=1
render=1
while (($#)); do
  case $1 in
    --only) IFS=, read -r -a cells <<< "$2"; shift ;;
    --filter) filter=$2; shift ;;
    --quick) quick=1 ;;
    --skip-compile-cost) compile_cost=0 ;;
    --compile-cost-only) networks=0 ;;
    --no-render) render=0 ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
for cell in "${cells[@]}"; do
  [[ " ${all_cells[*]} " == *" ${cell} "* ]] || { echo "unknown cell: ${cell} (one of ${all_cells[*]})" >&2; exit 2; }
done
if [[ -n ${filter} ]]; then compile_cost=0; fi

results=docs/benchmarks
mkdir -p "${results}"

# Timing. The full run's min_time keeps the grid within ~30 min on 2 cores: 4 cells x ~390
# benchmarks x 5 repetitions (the tape's are longer per step but need fewer steps).
if ((quick)); then
  repetitions=2; min_time=0.01; tape_min_time=0.005; cc_repeat=1
else
  repetitions=5; min_time=0.04; tape_min_time=0.02; cc_repeat=2
fi
common=(--benchmark_repetitions="${repetitions}" --benchmark_enable_random_interleaving=true
        --benchmark_report_aggregates_only=true --benchmark_out_format=json)

# The names a binary would run: all of them matching `pattern` (a regex) and the --filter.
names() {
  local binary=$1 pattern=$2
  "${binary}" --benchmark_list_tests=true ${filter:+--benchmark_filter="${filter}"} 2>/dev/null | grep -E "${pattern}" || true
}

# Runs exactly the benchmarks named on stdin (one a line) of `binary`, writing `out`.
run_names() {
  local binary=$1 out=$2 time=$3
  local list
  list=$(sed -e 's/[][().*+?^$|\\]/\\&/g' | paste -sd '|')
  if [[ -z ${list} ]]; then rm -f "${out}"; return; fi
  echo "=== $(basename "${binary}") -> ${out} ($(tr -cd '|' <<< "${list}" | wc -c | awk '{print $1 + 1}') benchmarks, min_time ${time} s)"
  "${binary}" "${common[@]}" --benchmark_min_time="${time}" --benchmark_filter="^(${list})\$" \
      --benchmark_out="${out}" > "${log_dir}/$(basename "${out%.json}").log"
}

run_cell() {
  local cell=$1 compiler flags=""
  case ${cell} in
    gcc-*) compiler=g++ ;;
    clang-*) compiler=clang++ ;;
  esac
  [[ ${cell} == *-native ]] && flags="-march=native"
  local build_dir=build-bench-${cell} out=${results}/${cell}
  local compiler_path
  compiler_path=$(command -v "${compiler}") || { echo "compiler not found: ${compiler}" >&2; exit 2; }
  mkdir -p "${out}"
  echo "=== ${cell}: configure and build (${build_dir}, ${compiler_path}, Release ${flags})"
  # A cache made with another compiler would be reset by CMake, dropping the -D settings below.
  if [[ -f "${build_dir}/CMakeCache.txt" ]] &&
     ! grep -qx "CMAKE_CXX_COMPILER:[A-Z]*=${compiler_path}" "${build_dir}/CMakeCache.txt"; then
    rm -rf "${build_dir}/CMakeCache.txt" "${build_dir}/CMakeFiles"
  fi
  cmake -S . -B "${build_dir}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="${compiler_path}" \
        -DCMAKE_CXX_FLAGS="${flags}" -DCONSTGRAD_BUILD_TESTS=OFF -DCONSTGRAD_BUILD_EXAMPLES=OFF \
        -DCONSTGRAD_BUILD_BENCHMARKS=ON -DCONSTGRAD_BENCHMARK_PEERS=ON | grep -E "constgrad benchmarks|Error" || true
  local targets
  mapfile -t targets < "${build_dir}/benchmarks/benchmark_targets.txt"
  cmake --build "${build_dir}" -j2 --target "${targets[@]}"

  local bin=${build_dir}/benchmarks prefix="" start load_start
  log_dir=${build_dir}  # the console output of each binary, next to it
  start=$(date +%s)
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  if [[ -n ${filter} ]]; then
    prefix=rerun_
  else
    # A full run replaces everything of the cell: no stale rerun or peer file survives it.
    rm -f "${out}"/rerun_*.json "${out}"/networks_adolc.json "${out}"/networks_libtorch.json
  fi
  names "${bin}/bench_networks" '^(train|forward)/' | { grep -v '/tape/' || true; } |
      run_names "${bin}/bench_networks" "${out}/${prefix}networks.json" "${min_time}"
  names "${bin}/bench_networks" '^(train|forward)/tape/' |
      run_names "${bin}/bench_networks" "${out}/${prefix}networks_tape.json" "${tape_min_time}"
  names "${bin}/bench_formulas" . | run_names "${bin}/bench_formulas" "${out}/${prefix}formulas.json" "${min_time}"
  local target
  for target in "${targets[@]}"; do
    [[ ${target} == bench_networks_* ]] || continue
    names "${bin}/${target}" . | run_names "${bin}/${target}" "${out}/${prefix}${target#bench_}.json" "${tape_min_time}"
  done
  local load_end peers_text
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  peers_text=$(paste -sd ';' "${build_dir}/benchmarks/benchmark_peers.txt")
  python3 - "${out}/${prefix}run.json" "${compiler}" "${flags}" "${peers_text}" "${load_start} → ${load_end}" \
      "$(($(date +%s) - start))" "${filter}" "${repetitions}" "${min_time}" "${tape_min_time}" <<'EOF'
import datetime, json, os, platform, subprocess, sys
path, compiler, flags, peers, load, seconds, filter_, reps, min_time, tape_min_time = sys.argv[1:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
version = subprocess.run([compiler, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
json.dump({
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "machine": cpu, "cores": os.cpu_count(), "system": platform.platform(),
    "compiler": version, "flags": f"-std=c++20 -O3 -DNDEBUG {flags}".strip(),
    "peers": ", ".join(p for p in peers.split(";") if p) or "none",
    "benchmark": f"--benchmark_repetitions={reps} --benchmark_enable_random_interleaving=true "
                 f"--benchmark_min_time={min_time} (tape and ADOL-C/LibTorch: {tape_min_time})",
    "filter": filter_, "load": load, "run_seconds": int(seconds),
    "note": os.environ.get("CONSTGRAD_BENCH_NOTE", ""),
}, open(path, "w"), indent=1)
EOF
  echo "=== ${cell}: measured in $(($(date +%s) - start)) s"
}

grid_start=$(date +%s)
if ((networks)); then
  for cell in "${cells[@]}"; do run_cell "${cell}"; done
fi

if ((compile_cost)); then
  echo "=== compile cost"
  python3 benchmarks/compile_cost/compile_cost.py --repeat "${cc_repeat}" --json "${results}/compile_cost.json" \
      --workdir "build-bench-compile-cost"
fi
echo "=== done in $(($(date +%s) - grid_start)) s"

if ((render)); then python3 benchmarks/render.py; fi

# Sequences (issue 11): with CONSTGRAD_BENCH_SEQUENCES=1, bench_sequences also runs in the build
# directory of every cell of this invocation, after the grid (benchmarks/sequences/run.sh:
# 10 interleaved repetitions; results in benchmarks/sequences/results/<cell>.json; it prints the
# table of the "Sequences (issue 11)" section, which lives in benchmarks/notes.md).
if [[ ${CONSTGRAD_BENCH_SEQUENCES:-0} == 1 ]]; then
  sequence_cells=()
  for cell in "${cells[@]}"; do sequence_cells+=("${cell}=build-bench-${cell}"); done
  benchmarks/sequences/run.sh "${sequence_cells[@]}"
fi
