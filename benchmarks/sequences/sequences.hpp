// The streaming workloads of issue 11 (four audio-effect networks, one input signal), the
// check of every engine's output against a double-precision reference, and the registration
// of an engine's streaming benchmarks (ns per sample, real-time factor at 48 kHz).
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "../support/allocation_counter.hpp"
#include "../support/peak.hpp"

namespace constgrad_bench::seq {

/// The four networks, float, one input and one output channel, parameters in PyTorch's
/// state-dict order and layout (GRU/LSTM: weight_ih [G*H][In], weight_hh [G*H][H], bias_ih,
/// bias_hh, gate order r z n / i f g o; conv: weight [Out][In][K], bias; dense: weight [1][H],
/// bias), so the same flat vector drives every engine:
///   lstm24   LSTM(1 -> 24), dense 24 -> 1
///   gru16    GRU(1 -> 16), dense 16 -> 1
///   lstm2x8  LSTM(1 -> 8), LSTM(8 -> 8), dense 8 -> 1
///   dilated  causal conv1d 1 -> 16 (k 3, d 1), tanh, then 7 x [conv1d 16 -> 16 (k 3,
///            d 2, 4, ..., 128), tanh], conv1d 16 -> 1 (k 1): receptive field 511 samples
enum class net { lstm24, gru16, lstm2x8, dilated };
inline constexpr net all_nets[] = {net::lstm24, net::gru16, net::lstm2x8, net::dilated};

/// Dilations of the 16 -> 16 layers of `dilated`.
inline constexpr std::size_t dilated_layers = 7;

constexpr const char* net_name(net n) {
    switch (n) {
    case net::lstm24:
        return "lstm24";
    case net::gru16:
        return "gru16";
    case net::lstm2x8:
        return "lstm2x8";
    case net::dilated:
        return "dilated";
    }
    return "?";
}

constexpr std::size_t lstm_parameters(std::size_t in, std::size_t h) {
    return 4 * h * in + 4 * h * h + 8 * h;
}
constexpr std::size_t gru_parameters(std::size_t in, std::size_t h) {
    return 3 * h * in + 3 * h * h + 6 * h;
}
constexpr std::size_t conv_parameters(std::size_t in, std::size_t out, std::size_t k) {
    return out * in * k + out;
}

constexpr std::size_t parameter_count(net n) {
    switch (n) {
    case net::lstm24:
        return lstm_parameters(1, 24) + 24 + 1;
    case net::gru16:
        return gru_parameters(1, 16) + 16 + 1;
    case net::lstm2x8:
        return lstm_parameters(1, 8) + lstm_parameters(8, 8) + 8 + 1;
    case net::dilated:
        return conv_parameters(1, 16, 3) + dilated_layers * conv_parameters(16, 16, 3) +
               conv_parameters(16, 1, 1);
    }
    return 0;
}

/// Flops of one streaming step: 2 per multiply-add of the weight products (as nn/flops.hpp
/// counts dense layers); bias additions, gate arithmetic and activations are not counted.
constexpr std::size_t flops_per_sample(net n) {
    switch (n) {
    case net::lstm24:
        return 2 * (96 * 1 + 96 * 24 + 24);
    case net::gru16:
        return 2 * (48 * 1 + 48 * 16 + 16);
    case net::lstm2x8:
        return 2 * (32 * 1 + 32 * 8 + 32 * 8 + 32 * 8 + 8);
    case net::dilated:
        return 2 * (16 * 1 * 3 + dilated_layers * 16 * 16 * 3 + 16);
    }
    return 0;
}

/// 48,000 samples (one second at 48 kHz): a logarithmic chirp 20 Hz -> 20 kHz of amplitude
/// 0.5 plus uniform noise of amplitude 0.05 (fixed seed).
inline constexpr std::size_t signal_length = 48000;
inline constexpr double sample_rate = 48000;
const std::vector<float>& signal();

/// The parameters of `n`, drawn once (fixed seed) as PyTorch initialises them: uniform in
/// ±1/sqrt(H) for recurrent and dense layers, ±1/sqrt(In * K) for convolutions.
const std::vector<float>& parameters(net n);

/// The first `check_length` outputs of `n` from the zero state, computed by the hand-written
/// loops in double from the same (float) parameters and input: the reference of every engine.
inline constexpr std::size_t check_length = 2048;
const std::vector<double>& reference_output(net n);

/// Samples per timed call: a typical audio buffer. The signal is cut into 375 such buffers,
/// processed in turn without reset (the state runs on, as in a plugin).
inline constexpr std::size_t block = 128;
static_assert(signal_length % block == 0);

/// The tolerance of every float engine against the double reference, on the largest absolute
/// difference over the 2,048 outputs relative to the largest |output|. Why 1e-4: each step is a
/// few dot products of <= 25 terms (|error| <= 25 u sum|w||x|, u = 2^-24 ~ 6e-8, sum|w||x| of a
/// few units: ~1e-5 worst case, ~1e-6 typical as errors are not all of one sign) and
/// activations within a few ulp (std::tanh, Eigen's rational tanh/logistic, constgrad's
/// kernels); these networks' state maps are contractions at these weights, so the error per
/// step does not grow along the sequence (measured, every engine and cell: 9e-8 .. 7e-7). A
/// wrong index moves it 46x the tolerance or more (measured on the double reference: LSTM-24
/// with the biases of gates i and f swapped 4.6e-3, two output weights swapped 2.6e-2; GRU-16
/// b_hr and b_hn swapped 0.48; the d = 128 convolution's taps 0 and 2 swapped 6.6e-2).
inline constexpr double tolerance = 1e-4;

[[noreturn]] inline void fail(const std::string& message) {
    std::fprintf(stderr, "bench_sequences: %s\n", message.c_str());
    std::fflush(stderr);
    std::abort();
}

/// An engine is a class with
///     explicit Engine(const float* parameters);    // the flat PyTorch-layout vector
///     void reset() noexcept;                         // zero state
///     void process(const float* x, float* y, std::size_t n) noexcept;  // n streaming steps
/// process is [[gnu::noinline]] in every engine: one call per buffer, and no optimiser sees
/// the parameters as constants. Inside, each engine runs its own one-sample step n times.

/// Largest |engine - reference| / largest |reference| over the first check_length outputs.
template <class Engine>
double check_difference(net n) {
    auto engine = std::make_unique<Engine>(parameters(n).data());
    engine->reset();
    std::vector<float> y(check_length);
    engine->process(signal().data(), y.data(), check_length);
    const std::vector<double>& ref = reference_output(n);
    double diff = 0, scale = 0;
    for (std::size_t t = 0; t < check_length; ++t) {
        const double d = std::fabs(static_cast<double>(y[t]) - ref[t]);
        diff = std::isnan(d) ? INFINITY : std::max(diff, d);
        scale = std::max(scale, std::fabs(ref[t]));
    }
    if (!(scale > 1e-3))
        fail(std::string("reference output of ") + net_name(n) + " is (nearly) zero");
    return diff / scale;
}

/// Aborts unless the engine's outputs equal the reference within `tolerance`; checked once per
/// engine, the difference is returned (and reported) at every call.
template <class Engine>
[[gnu::cold, gnu::noinline]] double verify(net n, const char* engine_name) {
    static double verified = -1;
    if (verified >= 0) return verified;
    const double d = check_difference<Engine>(n);
    if (!(d <= tolerance))
        fail(std::string("output mismatch, ") + engine_name + " " + net_name(n) +
             ": relative difference " + std::to_string(d) + " > " + std::to_string(tolerance));
    verified = d;
    return d;
}

/// Timed: process() of one buffer per iteration over the signal, state carried on. Counters:
/// ns_per_sample and rtf (seconds of computing per second of 48 kHz audio; < 1 is faster
/// than real time), both over CPU time; new/malloc calls per buffer (counted outside the timed
/// loop); GFLOP/s and % of the core's measured peak (support/peak.hpp); check_diff, the
/// verified difference to the reference.
template <class Engine>
void stream_benchmark(benchmark::State& state, net n, const char* engine_name) {
    const double difference = verify<Engine>(n, engine_name);
    auto engine = std::make_unique<Engine>(parameters(n).data());
    engine->reset();
    const float* x = signal().data();
    alignas(64) float y[block];
    engine->process(x, y, block);  // warm-up: caches and branch predictors, as in a plugin
    std::size_t k = block;
    for (auto _ : state) {
        engine->process(x + k, y, block);
        benchmark::DoNotOptimize(y);
        benchmark::ClobberMemory();
        k += block;
        if (k == signal_length) k = 0;
    }
    const std::size_t news = new_calls(), mallocs = malloc_calls();
    engine->process(x, y, block);
    const std::size_t new_count = new_calls() - news, malloc_count = malloc_calls() - mallocs;
    benchmark::DoNotOptimize(y);
    if (!std::isfinite(y[0]))
        fail(std::string(engine_name) + " " + net_name(n) + ": output not finite");
    using counter = benchmark::Counter;
    const auto inverted_rate =
        counter::Flags(counter::kIsIterationInvariantRate | counter::kInvert);
    state.counters["ns_per_sample"] = counter(static_cast<double>(block) * 1e-9, inverted_rate);
    state.counters["rtf"] = counter(static_cast<double>(block) / sample_rate, inverted_rate);
    const double gflop = static_cast<double>(flops_per_sample(n) * block) * 1e-9;
    state.counters["GFLOPS"] = counter(gflop, counter::kIsIterationInvariantRate);
    state.counters["pct_peak"] =
        counter(gflop * 100 / peak_gflops<float>(), counter::kIsIterationInvariantRate);
    state.counters["new_per_block"] = static_cast<double>(new_count);
    state.counters["malloc_per_block"] = static_cast<double>(malloc_count);
    state.counters["check_diff"] = difference;
    state.SetItemsProcessed(state.iterations() * static_cast<benchmark::IterationCount>(block));
}

/// Registers stream/<engine>/<net>/float.
template <class Engine>
void register_stream(net n, const char* engine_name) {
    const std::string name = std::string("stream/") + engine_name + "/" + net_name(n) + "/float";
    benchmark::RegisterBenchmark(name.c_str(), [n, engine_name](benchmark::State& s) {
        stream_benchmark<Engine>(s, n, engine_name);
    });
}

// The registration function of every engine (each in its own translation unit).
void register_hand();
void register_eigen();
void register_constgrad();

}  // namespace constgrad_bench::seq
