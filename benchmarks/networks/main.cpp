// main of the network benchmarks: registers the engines this executable was built with
// (CONSTGRAD_BENCH_<ENGINE> definitions, see benchmarks/CMakeLists.txt), then runs Google Benchmark.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "../support/peak.hpp"
#include "engines.hpp"

int main(int argc, char** argv) {
    bool listing = false;  // --benchmark_list_tests needs no peak (run_all.sh lists often)
    for (int k = 1; k < argc; ++k) listing = listing || std::string(argv[k]).starts_with("--benchmark_list_tests");
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
    if (!listing) {
        // The reference of the GFLOP/s and pct_peak counters: this binary, these flags, this core.
        const constgrad_bench::core_peak& peak = constgrad_bench::measured_peak();
        char text[32];
        std::snprintf(text, sizeof text, "%.2f", peak.float_gflops);
        benchmark::AddCustomContext("peak_gflops_float", text);
        std::snprintf(text, sizeof text, "%.2f", peak.double_gflops);
        benchmark::AddCustomContext("peak_gflops_double", text);
        benchmark::AddCustomContext("peak_kernel", peak.kernel);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
