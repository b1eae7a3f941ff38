#!/usr/bin/env bash
# Runs every constgrad benchmark that can be built here and renders docs/benchmarks.md.
#
#   benchmarks/run_all.sh [--native] [--quick] [--skip-compile-cost] [--build-dir DIR] [--compiler CXX]
#
#   --native             add -march=native to the run-time benchmarks (default: the Release
#                        flags alone, -O3 -DNDEBUG, i.e. baseline x86-64 with SSE2)
#   --quick              short timings (--benchmark_min_time=0.05, 1 repetition, compile cost
#                        compiled once): checks the pipeline, numbers are rough
#   --skip-compile-cost  keep docs/benchmarks/compile_cost.json as it is
#   --build-dir DIR      default build-benchmarks (Release, tests off, peers on)
#   --compiler CXX       compiler of the run-time benchmarks (default g++); the compile-cost
#                        benchmark always measures g++ and clang++
#
# Peers are built when their Debian packages are installed:
#   sudo apt-get install -y libeigen3-dev libadolc-dev libtorch-dev
# Writes docs/benchmarks/{run,networks,networks_eigen,networks_adolc,networks_libtorch,
# formulas,compile_cost}.json, docs/benchmarks/chart.svg and docs/benchmarks.md.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

native=0
quick=0
compile_cost=1
build_dir=build-benchmarks
compiler=g++
while (($#)); do
  case $1 in
    --native) native=1 ;;
    --quick) quick=1 ;;
    --skip-compile-cost) compile_cost=0 ;;
    --build-dir) build_dir=$2; shift ;;
    --compiler) compiler=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

results=docs/benchmarks
mkdir -p "${results}"

flags=""
if ((native)); then flags="-march=native"; fi
if ((quick)); then
  bench_args=(--benchmark_min_time=0.05)
  repeat=1
else
  bench_args=(--benchmark_min_time=0.3 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true)
  repeat=3
fi

compiler_path=$(command -v "${compiler}") || { echo "compiler not found: ${compiler}" >&2; exit 2; }
echo "=== configure and build (${build_dir}, ${compiler_path}, Release ${flags})"
# A cache made with another compiler would be reset by CMake, dropping the -D settings below.
if [[ -f "${build_dir}/CMakeCache.txt" ]] &&
   ! grep -qx "CMAKE_CXX_COMPILER:[A-Z]*=${compiler_path}" "${build_dir}/CMakeCache.txt"; then
  rm -rf "${build_dir}/CMakeCache.txt" "${build_dir}/CMakeFiles"
fi
cmake -S . -B "${build_dir}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="${compiler_path}" \
      -DCMAKE_CXX_FLAGS="${flags}" -DCONSTGRAD_BUILD_TESTS=OFF -DCONSTGRAD_BUILD_EXAMPLES=OFF \
      -DCONSTGRAD_BUILD_BENCHMARKS=ON -DCONSTGRAD_BENCHMARK_PEERS=ON | grep -E "constgrad benchmarks|Error" || true
mapfile -t targets < "${build_dir}/benchmarks/benchmark_targets.txt"
cmake --build "${build_dir}" -j"$(nproc)" --target "${targets[@]}"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
peers=()
for target in "${targets[@]}"; do
  case ${target} in
    bench_networks_eigen) peers+=("Eigen $(dpkg-query -W -f='${Version}' libeigen3-dev 2>/dev/null || echo '?')") ;;
    bench_networks_adolc) peers+=("ADOL-C $(dpkg-query -W -f='${Version}' libadolc-dev 2>/dev/null || echo '?')") ;;
    bench_networks_libtorch) peers+=("LibTorch $(dpkg-query -W -f='${Version}' libtorch-dev 2>/dev/null || echo '?')") ;;
  esac
done

for target in "${targets[@]}"; do
  out=${results}/${target#bench_}.json
  echo "=== ${target} -> ${out}"
  "${build_dir}/benchmarks/${target}" "${bench_args[@]}" --benchmark_out="${out}" --benchmark_out_format=json
done
# Reruns belong to an earlier full run; an engine that is not built any more must not leave
# stale numbers behind.
rm -f "${results}"/rerun_*.json
for peer in eigen adolc libtorch; do
  if [[ ! " ${targets[*]} " == *" bench_networks_${peer} "* ]]; then rm -f "${results}/networks_${peer}.json"; fi
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
peers_text=$(IFS=';'; echo "${peers[*]:-}")

if ((compile_cost)); then
  echo "=== compile cost"
  python3 benchmarks/compile_cost/compile_cost.py --repeat "${repeat}" --json "${results}/compile_cost.json" \
      --workdir "${build_dir}/compile_cost"
fi

python3 - "${results}/run.json" <<EOF
import json, os, platform, sys, datetime, subprocess
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
version = subprocess.run(["${compiler}", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
json.dump({
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "machine": cpu, "cores": os.cpu_count(), "system": platform.platform(),
    "compiler": version, "flags": "-std=c++20 -O3 -DNDEBUG ${flags}".strip(),
    "peers": ", ".join(p for p in "${peers_text}".split(";") if p) or "none",
    "min_time": " ".join("${bench_args[*]}".split()),
    "load": "${load_start} → ${load_end}",
    "note": os.environ.get("CONSTGRAD_BENCH_NOTE", ""),
}, open(sys.argv[1], "w"), indent=1)
EOF

python3 benchmarks/render.py
