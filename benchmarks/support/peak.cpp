// measured_peak(): independent multiply-add chains on GNU vector packs, timed in CPU time.
#include "peak.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <ctime>
#include <string>
#include <type_traits>
#include <utility>

#include <constgrad/kernels/pack.hpp>

namespace constgrad_bench {
namespace {

namespace kernels = constgrad::kernels;

double thread_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// The vector types of the measurement: kernels::pack<T> (FMA where the target has it, else a
// multiply and an add: kernels::fma) and, when the flags allow AVX-512, 64-byte vectors too.
// The peak is the faster of the two: on cores with full-width AVX-512 units (Zen 5, Intel
// server parts) 512-bit FMAs double the rate of kernels::pack's 256-bit ones, and Eigen uses
// them under -march=native; on Zen 4 both rates are equal.
struct pack_ops {
    template <class T>
    using type = kernels::pack<T>;
    template <class T>
    static constexpr std::size_t lanes = kernels::lanes<T>;
    static constexpr std::size_t bytes = kernels::pack_bytes;
    template <class T>
    [[gnu::always_inline]] static type<T> broadcast(T x) { return kernels::broadcast<T>(x); }
    template <class T>
    [[gnu::always_inline]] static type<T> fma(type<T> a, type<T> b, type<T> c) { return kernels::fma<T>(a, b, c); }
    template <class T>
    [[gnu::always_inline]] static T sum(type<T> v) { return kernels::lane_sum<T>(v); }
};

#if defined(__AVX512F__)
template <class T>
struct zmm;
template <>
struct zmm<float> {
    using type [[gnu::vector_size(64)]] = float;
};
template <>
struct zmm<double> {
    using type [[gnu::vector_size(64)]] = double;
};

// 64-byte GNU vectors; the FMA is the builtin behind _mm512_fmadd_ps/pd (the same name and
// arguments in GCC and Clang: all lanes, current rounding mode).
struct avx512_ops {
    template <class T>
    using type = typename zmm<T>::type;
    template <class T>
    static constexpr std::size_t lanes = 64 / sizeof(T);
    static constexpr std::size_t bytes = 64;
    template <class T>
    [[gnu::always_inline]] static type<T> broadcast(T x) {
        return type<T>{} + x;
    }
    template <class T>
    [[gnu::always_inline]] static type<T> fma(type<T> a, type<T> b, type<T> c) {
        if constexpr (sizeof(T) == 4)
            return __builtin_ia32_vfmaddps512_mask(a, b, c, static_cast<unsigned short>(-1), 4);
        else
            return __builtin_ia32_vfmaddpd512_mask(a, b, c, static_cast<unsigned char>(-1), 4);
    }
    template <class T>
    [[gnu::always_inline]] static T sum(type<T> v) {
        T a[lanes<T>];
        std::memcpy(a, &v, sizeof v);
        T s = 0;
        for (T x : a) s += x;
        return s;
    }
};
#endif

// Chains independent recurrences acc = acc * m + a per lane (2 flops either way). With
// m = 1 - a the values stay near 1: no overflow, no subnormals. The chains are spelled out by
// a fold, so that each accumulator has its own register; `rounds` comes from run time and the
// result is returned from a non-inlined function and summed into a volatile, so nothing can
// be folded away.
template <class Ops, class T, std::size_t Chains>
[[gnu::noinline]] T chains(std::size_t rounds, T start, T m, T a) {
    using P = typename Ops::template type<T>;
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        P acc[Chains] = {Ops::broadcast(static_cast<T>(start + static_cast<T>(K) * T(1e-3)))...};
        const P pm = Ops::broadcast(m), pa = Ops::broadcast(a);
        for (std::size_t r = 0; r < rounds; ++r) ((acc[K] = Ops::template fma<T>(acc[K], pm, pa)), ...);
        T sum = 0;
        ((sum += Ops::template sum<T>(acc[K])), ...);
        return sum;
    }(std::make_index_sequence<Chains>{});
}

volatile double sink = 0;

// GFLOP/s of `Chains` chains: rounds grown until one trial takes >= 10 ms, then the best of 7.
template <class Ops, class T, std::size_t Chains>
double measure() {
    volatile T start = T(0.5), m = T(0.999), a = T(0.001);
    std::size_t rounds = 1 << 14;
    double best = 0;
    for (int trial = 0, timed = 0; timed < 7 && trial < 40; ++trial) {
        const double t0 = thread_seconds();
        sink = sink + static_cast<double>(chains<Ops, T, Chains>(rounds, start, m, a));
        const double t = thread_seconds() - t0;
        if (t < 0.01) {
            rounds *= 2;
            continue;
        }
        ++timed;
        const double flops = 2.0 * static_cast<double>(Chains * Ops::template lanes<T> * rounds);
        best = std::max(best, flops / t * 1e-9);
    }
    return best;
}

struct best {
    double gflops = 0;
    std::size_t chains = 0, bytes = 0;
};

template <class Ops, class T>
void try_chain_counts(best& b) {
    auto consider = [&](double g, std::size_t n) {
        if (g > b.gflops) b = {g, n, Ops::bytes};
    };
    consider(measure<Ops, T, 10>(), 10);
    consider(measure<Ops, T, 12>(), 12);
    consider(measure<Ops, T, 14>(), 14);  // SSE2: 14 accumulators + 2 constants = 16 registers
    consider(measure<Ops, T, 16>(), 16);
}

template <class T>
best best_rate() {
    best b;
    try_chain_counts<pack_ops, T>(b);
#if defined(__AVX512F__)
    try_chain_counts<avx512_ops, T>(b);
#endif
    return b;
}

}  // namespace

const core_peak& measured_peak() {
    static const core_peak peak = [] {
        const best f = best_rate<float>();
        const best d = best_rate<double>();
#if defined(__FMA__)
        const std::string op = "FMA";
#else
        const std::string op = "multiply + add";
#endif
        auto what = [&](const best& b) {
            return std::to_string(b.chains) + " chains on " + std::to_string(b.bytes) + "-byte vectors";
        };
        return core_peak{f.gflops, d.gflops,
                         "independent " + op + " chains, best of 7 trials; float: " + what(f) + ", double: " + what(d)};
    }();
    return peak;
}

}  // namespace constgrad_bench
