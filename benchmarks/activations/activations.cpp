// kernels::exp / log / tanh / sigmoid (include/constgrad/kernels/math/) over 1024 elements,
// pack by pack, against a plain loop of the <cmath> function (sigmoid: 1 / (1 + std::exp(-x))).
// The counter per_element is the time per array divided by 1024.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include <constgrad/kernels/math/exp.hpp>
#include <constgrad/kernels/math/log.hpp>
#include <constgrad/kernels/math/sigmoid.hpp>
#include <constgrad/kernels/math/tanh.hpp>
#include <constgrad/kernels/pack.hpp>

namespace {

namespace k = constgrad::kernels;
constexpr std::size_t n = 1024;

enum class fn { exp, log, tanh, sigmoid };

template <class T>
std::vector<T> arguments(fn f) {
    std::vector<T> x(n);
    for (std::size_t i = 0; i < n; ++i)
        x[i] = f == fn::log ? T(0.01 + 100.0 * double(i) / n) : T(-8 + 16.0 * double(i) / n);
    return x;
}

template <class V>
[[gnu::always_inline]] inline V kernel(fn f, V x) {
    switch (f) {
    case fn::exp:
        return k::exp(x);
    case fn::log:
        return k::log(x);
    case fn::tanh:
        return k::tanh(x);
    case fn::sigmoid:
        return k::sigmoid(x);
    }
    return x;
}

template <class T>
T libm(fn f, T x) {
    switch (f) {
    case fn::exp:
        return std::exp(x);
    case fn::log:
        return std::log(x);
    case fn::tanh:
        return std::tanh(x);
    case fn::sigmoid:
        return T(1) / (T(1) + std::exp(-x));
    }
    return x;
}

// Printed as time per element, e.g. "per_element=1.5ns".
void finish(benchmark::State& state) {
    state.counters["per_element"] =
        benchmark::Counter(double(n) * double(state.iterations()),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

template <class T, fn F>
void bm_pack(benchmark::State& state) {
    const std::vector<T> x = arguments<T>(F);
    std::vector<T> y(n);
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; i += k::lanes<T>)
            k::store(y.data() + i, kernel(F, k::load(x.data() + i)));
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    finish(state);
}

template <class T, fn F>
void bm_libm(benchmark::State& state) {
    const std::vector<T> x = arguments<T>(F);
    std::vector<T> y(n);
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) y[i] = libm(F, x[i]);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    finish(state);
}

#define CONSTGRAD_ACTIVATION_BENCHMARKS(T, F)                                                      \
    BENCHMARK_TEMPLATE(bm_pack, T, fn::F)->Name("kernels::" #F "<" #T ">");                        \
    BENCHMARK_TEMPLATE(bm_libm, T, fn::F)->Name("std::" #F "<" #T ">")

CONSTGRAD_ACTIVATION_BENCHMARKS(float, exp);
CONSTGRAD_ACTIVATION_BENCHMARKS(float, log);
CONSTGRAD_ACTIVATION_BENCHMARKS(float, tanh);
CONSTGRAD_ACTIVATION_BENCHMARKS(float, sigmoid);
CONSTGRAD_ACTIVATION_BENCHMARKS(double, exp);
CONSTGRAD_ACTIVATION_BENCHMARKS(double, log);
CONSTGRAD_ACTIVATION_BENCHMARKS(double, tanh);
CONSTGRAD_ACTIVATION_BENCHMARKS(double, sigmoid);

}  // namespace

BENCHMARK_MAIN();
