// The core's peak floating-point rate, measured by the benchmark binary itself with the flags
// it was built with: the reference of every GFLOP/s and % of peak counter.
#pragma once

#include <string>

namespace constgrad_bench {

/// The measured peak of one core, GFLOP/s (one FMA = 2 flops; a multiply and an add = 2).
struct core_peak {
    double float_gflops;
    double double_gflops;
    std::string kernel;  // what was run, e.g. "12 chains x 8 lanes, FMA (32-byte packs)"
};

/// Measured once, at the first call (1-2 s), then cached: independent multiply-add chains on
/// kernels::pack<T> (FMA when the target has it, a multiply and an add otherwise) and, when
/// the flags enable AVX-512, on 64-byte vectors; 10, 12, 14 and 16 chains; the best of several
/// timed trials in thread CPU time.
const core_peak& measured_peak();

/// measured_peak() of float or double.
template <class T>
double peak_gflops() {
    return sizeof(T) == 4 ? measured_peak().float_gflops : measured_peak().double_gflops;
}

}  // namespace constgrad_bench
