// main of the streaming benchmarks of issue 11: registers the engines this executable was
// built with (CONSTGRAD_BENCH_SEQ_<ENGINE>, see benchmarks/CMakeLists.txt), then runs Google
// Benchmark. The hand-written loops are always there: they are the reference of the check.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "../support/peak.hpp"
#include "sequences.hpp"

int main(int argc, char** argv) {
    bool listing = false;  // --benchmark_list_tests needs no peak
    for (int k = 1; k < argc; ++k)
        listing = listing || std::string(argv[k]).starts_with("--benchmark_list_tests");
    constgrad_bench::seq::register_hand();
#ifdef CONSTGRAD_BENCH_SEQ_EIGEN
    constgrad_bench::seq::register_eigen();
#endif
#ifdef CONSTGRAD_BENCH_SEQ_CONSTGRAD
    constgrad_bench::seq::register_constgrad();
#endif
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    if (!listing) {
        // The reference of the GFLOP/s and pct_peak counters: this binary, these flags, this core.
        const constgrad_bench::core_peak& peak = constgrad_bench::measured_peak();
        char text[32];
        std::snprintf(text, sizeof text, "%.2f", peak.float_gflops);
        benchmark::AddCustomContext("peak_gflops_float", text);
        benchmark::AddCustomContext("peak_kernel", peak.kernel);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
