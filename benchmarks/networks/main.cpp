// main of the network benchmarks: registers the engines this executable was built with
// (CONSTGRAD_BENCH_<ENGINE> definitions, see benchmarks/CMakeLists.txt), then runs Google Benchmark.
#include <benchmark/benchmark.h>

#include "engines.hpp"

int main(int argc, char** argv) {
#ifdef CONSTGRAD_BENCH_CORE
    constgrad_bench::register_constgrad_engine();
    constgrad_bench::register_hand_engine();
    constgrad_bench::register_tape_engine();
#endif
#ifdef CONSTGRAD_BENCH_EIGEN
    constgrad_bench::register_eigen_engine();
#endif
#ifdef CONSTGRAD_BENCH_ADOLC
    constgrad_bench::register_adolc_engine();
#endif
#ifdef CONSTGRAD_BENCH_LIBTORCH
    constgrad_bench::register_libtorch_engine();
#endif
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
