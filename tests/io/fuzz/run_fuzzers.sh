#!/usr/bin/env bash
# Builds constgrad's libFuzzer targets with Clang and runs each for a bounded time:
#   io_load_fuzzer  io::from_bytes (the parameter loader behind io::load) on arbitrary bytes
#   io_csv_fuzzer   io::parse_csv (the reader behind io::read_csv) on arbitrary text and options
#   io_json_fuzzer  io::parse_torch_json and io::parse_keras_json on arbitrary text (built when
#                   nlohmann-json 3 is found; seeds: the JSON files of tests/io/fixtures)
# Each run starts from generated seeds (valid files, typical CSVs) plus the corpus kept from
# earlier runs in the build directory, so repeated or longer runs go deeper. A crash, a
# sanitizer report or a broken invariant stops with a non-zero exit; the input is saved as
# <build>/tests/io/fuzz/artifacts/<target>-crash-<sha1>, replayable with
# `<build>/tests/io/fuzz/io_<target>_fuzzer <file>`.
#
# usage: tests/io/fuzz/run_fuzzers.sh [--time SECONDS] [--build-dir DIR] [--coverage]
#   --time       seconds per target (default 20; e.g. 3600 for a long run)
#   --build-dir  where to build (default build/fuzz under the source tree)
#   --coverage   afterwards, replay the corpora through an instrumented build and print the
#                line coverage of io/ (needs llvm-profdata and llvm-cov)
set -Eeuo pipefail

seconds=20
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
build_dir=${source_dir}/build/fuzz
coverage=0
while (($#)); do
  case $1 in
    --time) seconds=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --coverage) coverage=1; shift ;;
    *) echo "usage: $0 [--time SECONDS] [--build-dir DIR] [--coverage]" >&2; exit 2 ;;
  esac
done

configure() {  # configure <dir> <extra cmake args...>
  local dir=$1
  shift
  cmake -S "${source_dir}" -B "${dir}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCONSTGRAD_BUILD_FUZZERS=ON -DCONSTGRAD_BUILD_EXAMPLES=OFF -DCONSTGRAD_BUILD_BENCHMARKS=OFF "$@" >/dev/null
}

configure "${build_dir}"
fuzz_dir=${build_dir}/tests/io/fuzz
read -r -a targets <"${fuzz_dir}/fuzz_targets.txt"  # load csv [json]: what the configure found
executables=()
for target in "${targets[@]}"; do
  executables+=("io_${target}_fuzzer")
done
cmake --build "${build_dir}" -j2 --target "${executables[@]}" io_fuzz_seeds

rm -rf "${fuzz_dir}/seeds"
"${fuzz_dir}/io_fuzz_seeds" "${fuzz_dir}/seeds"
# JSON seeds: each fixture behind every mode byte of its format (json_target.hpp: modes 0-5
# read a state dict, 6-11 a Keras model).
mkdir -p "${fuzz_dir}/seeds/json"
for file in "${source_dir}"/tests/io/fixtures/*.json; do
  case ${file} in
    *.keras.json) modes=(6 7 8 9 10 11) ;;
    *) modes=(0 1 2 3 4 5) ;;
  esac
  for mode in "${modes[@]}"; do
    { printf "\\$(printf '%03o' "${mode}")"; cat "${file}"; } >"${fuzz_dir}/seeds/json/$(basename "${file}" .json)-${mode}"
  done
done
mkdir -p "${fuzz_dir}/artifacts"

for target in "${targets[@]}"; do
  mkdir -p "${fuzz_dir}/corpus/${target}"
  echo "--- io_${target}_fuzzer: ${seconds} s"
  # -rss_limit_mb: ASan's quarantine counts; the targets themselves use a few MB.
  "${fuzz_dir}/io_${target}_fuzzer" -max_total_time="${seconds}" -print_final_stats=1 -rss_limit_mb=4096 \
      -dict="${source_dir}/tests/io/fuzz/${target}.dict" \
      -artifact_prefix="${fuzz_dir}/artifacts/${target}-" \
      "${fuzz_dir}/corpus/${target}" "${fuzz_dir}/seeds/${target}" >"${fuzz_dir}/${target}.log" 2>&1 || {
    tail -n 60 "${fuzz_dir}/${target}.log" >&2
    echo "io_${target}_fuzzer FAILED: see ${fuzz_dir}/${target}.log and ${fuzz_dir}/artifacts" >&2
    exit 1
  }
  grep -E '^#[0-9]+ +DONE|^Done|stat::(number_of_executed_units|new_units_added)' "${fuzz_dir}/${target}.log"
  echo "corpus: $(find "${fuzz_dir}/corpus/${target}" -type f | wc -l) inputs"
done

if ((coverage)); then
  cov_dir=${build_dir}-coverage
  configure "${cov_dir}" "-DCMAKE_CXX_FLAGS=-fprofile-instr-generate -fcoverage-mapping"
  cmake --build "${cov_dir}" -j2 --target "${executables[@]}"
  for target in "${targets[@]}"; do
    profile=${cov_dir}/${target}.profraw
    rm -f "${profile}"
    LLVM_PROFILE_FILE=${profile} "${cov_dir}/tests/io/fuzz/io_${target}_fuzzer" -runs=0 \
        "${fuzz_dir}/corpus/${target}" "${fuzz_dir}/seeds/${target}" >/dev/null 2>&1
    llvm-profdata merge -sparse "${profile}" -o "${cov_dir}/${target}.profdata"
    echo "--- line coverage of io/ by the ${target} corpus"
    llvm-cov report "${cov_dir}/tests/io/fuzz/io_${target}_fuzzer" -instr-profile="${cov_dir}/${target}.profdata" \
        "${source_dir}/include/constgrad/io" "${source_dir}/include/constgrad/io/detail/format.hpp" \
        "${source_dir}/include/constgrad/io/detail/csv.hpp"
  done
fi
