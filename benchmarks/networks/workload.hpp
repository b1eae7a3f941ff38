// The network workloads every engine runs: shapes, data, initial parameters, and the harness
// that checks an engine's gradient against the hand-written one, then times it.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <constgrad/nn/sample.hpp>

#include "../support/allocation_counter.hpp"

namespace constgrad_bench {

/// The hidden layers' activation (the output layer is linear).
enum class act { relu, tanh };

/// One workload: an I-H-H-1 network, activation A on both hidden layers, scalar type T,
/// squared-error loss summed over the outputs and the batch, plain SGD.
template <act A, class T, std::size_t I, std::size_t H>
struct config {
    static constexpr act activation = A;
    using scalar = T;
    static constexpr std::size_t inputs = I;
    static constexpr std::size_t hidden = H;
    /// In the layout of constgrad's nn::network (and of the tape's mlp): for each layer W
    /// row-major (W[o][i]), then b.
    static constexpr std::size_t parameter_count = H * I + H + H * H + H + H + 1;

    static std::string shape() {
        return std::to_string(I) + "-" + std::to_string(H) + "-" + std::to_string(H) + "-1";
    }
    static const char* activation_name() { return A == act::relu ? "relu" : "tanh"; }
    static const char* scalar_name() { return std::is_same_v<T, float> ? "float" : "double"; }
};

/// Calls X(activation, scalar, inputs, hidden) for every workload of issue 5: the I-H-H-1
/// networks 2-16-16-1, 4-32-32-1, 16-64-64-1 and 10-64-64-1, relu and tanh, double and float.
#define CONSTGRAD_BENCH_FOR_EACH_SHAPE(X, A, T) X(A, T, 2, 16) X(A, T, 4, 32) X(A, T, 16, 64) X(A, T, 10, 64)
#define CONSTGRAD_BENCH_FOR_EACH_CONFIG(X)                                                      \
    CONSTGRAD_BENCH_FOR_EACH_SHAPE(X, relu, double) CONSTGRAD_BENCH_FOR_EACH_SHAPE(X, tanh, double) \
    CONSTGRAD_BENCH_FOR_EACH_SHAPE(X, relu, float) CONSTGRAD_BENCH_FOR_EACH_SHAPE(X, tanh, float)

/// The learning rate of every SGD step: small enough that millions of timed steps on the
/// fixed data below stay finite for every shape (a diverging run would time NaN arithmetic).
inline constexpr double learning_rate = 1e-3;

/// Samples in the data set; batch b uses samples [k, k + b) for k = 0, b, 2b, ... (mod 64).
inline constexpr std::size_t dataset_size = 64;

/// SplitMix64: the data and the initial parameters, identical on every compiler and run.
struct splitmix {
    std::uint64_t state;
    std::uint64_t next() noexcept {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform(double lo, double hi) noexcept {
        return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1.0p-53;
    }
};

/// The data and initial parameters of one configuration (built once, shared by all engines).
template <class Cfg>
struct workload {
    using T = typename Cfg::scalar;
    using sample = constgrad::nn::sample<T, Cfg::inputs, 1>;
    std::vector<sample> data;
    std::vector<T> initial_parameters;  // flat, Cfg's layout

    static const workload& get() {
        static const workload w = make();
        return w;
    }

private:
    static workload make() {
        workload w;
        splitmix r{0xc0057a9du + Cfg::inputs * 1000 + Cfg::hidden};
        w.data.resize(dataset_size);
        for (sample& s : w.data) {
            double sum = 0;
            for (T& x : s.x) {
                x = static_cast<T>(r.uniform(-1, 1));
                sum += static_cast<double>(x);
            }
            s.y[0] = static_cast<T>(0.5 * std::sin(sum));
        }
        // Glorot uniform per layer, biases small but nonzero (so their gradients are tested).
        auto layer = [&](std::size_t in, std::size_t out) {
            const double a = std::sqrt(6.0 / static_cast<double>(in + out));
            for (std::size_t k = 0; k < in * out; ++k) w.initial_parameters.push_back(static_cast<T>(r.uniform(-a, a)));
            for (std::size_t k = 0; k < out; ++k) w.initial_parameters.push_back(static_cast<T>(r.uniform(-0.1, 0.1)));
        };
        layer(Cfg::inputs, Cfg::hidden);
        layer(Cfg::hidden, Cfg::hidden);
        layer(Cfg::hidden, 1);
        return w;
    }
};

/// Aborts the benchmark run with a message (a wrong gradient must never be timed).
[[noreturn]] inline void fail(const std::string& message) {
    std::fprintf(stderr, "constgrad benchmark: %s\n", message.c_str());
    std::fflush(stderr);
    std::abort();
}

/// Largest |a - b| relative to the largest |b|: gradients are compared as a whole, so a
/// near-zero entry is not held to a relative tolerance it cannot meet.
inline double relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return HUGE_VAL;
    double scale = 0, diff = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (!std::isfinite(a[k]) || !std::isfinite(b[k])) return HUGE_VAL;
        scale = std::max(scale, std::fabs(b[k]));
        diff = std::max(diff, std::fabs(a[k] - b[k]));
    }
    return scale == 0 ? diff : diff / scale;
}

/// What a mismatch is: summation order differs between engines (Eigen, LibTorch), so the
/// gradients agree to rounding, not bit for bit.
template <class T>
constexpr double tolerance() {
    return std::is_same_v<T, float> ? 2e-4 : 1e-10;
}

}  // namespace constgrad_bench
